from pylib import greeting

print(greeting("poetry"))
