module example.com/goapi

go 1.19

require example.com/greetgo v0.0.0

replace example.com/greetgo => ../../libs/greetgo
