import idna

print("hello from other, idna", idna.__version__)
