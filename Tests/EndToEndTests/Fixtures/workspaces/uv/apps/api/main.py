from greet import hello

print(hello("api"))
