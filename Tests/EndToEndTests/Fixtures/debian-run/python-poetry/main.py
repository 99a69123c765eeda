import six

from greeter import NAME

print(f"hello from {NAME}, six {six.__version__}")
