package main

import (
	"fmt"
	"runtime"
	"strings"
)

func main() {
	fmt.Printf("hello from go-mod on %s\n", strings.Join(strings.Split(runtime.Version(), ".")[:2], "."))
}
