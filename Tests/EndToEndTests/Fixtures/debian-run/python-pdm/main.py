import six

print(f"hello from pdm, six {six.__version__}")
