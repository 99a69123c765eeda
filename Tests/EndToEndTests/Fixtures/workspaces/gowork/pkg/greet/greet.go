package greet

// Hello greets a caller from the shared module.
func Hello(name string) string {
	return "hello from greet to " + name
}
