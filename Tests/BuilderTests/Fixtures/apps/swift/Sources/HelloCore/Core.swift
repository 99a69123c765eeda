public let greeting = "hello"
