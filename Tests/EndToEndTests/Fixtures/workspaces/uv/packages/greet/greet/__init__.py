import six


def hello(name):
    return f"hello from greet to {name}, six {six.__version__}"
