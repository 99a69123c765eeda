from pylib import greeting

print(greeting("pdm"))
