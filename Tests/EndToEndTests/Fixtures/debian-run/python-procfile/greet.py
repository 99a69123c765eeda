import sys

print(f"hello from {sys.argv[1]}")
