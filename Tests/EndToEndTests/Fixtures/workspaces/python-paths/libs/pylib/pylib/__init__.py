import six


def greeting(caller):
    return f"hello from pylib to {caller}, six {six.__version__}"
