import six

print(f"hello from pip, six {six.__version__}")
