module example.com/greetgo

go 1.19
