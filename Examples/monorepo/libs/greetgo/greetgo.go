// Package greetgo holds the greeting shared by the example Go services.
package greetgo

// Greet returns the greeting a service answers with.
func Greet(service string) string {
	return "hello from " + service
}
