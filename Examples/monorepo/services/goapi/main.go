package main

import (
	"fmt"
	"log"
	"net/http"
	"os"

	"example.com/greetgo"
)

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "3000"
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintln(w, greetgo.Greet("goapi"))
	})
	log.Printf("goapi listening on port %s", port)
	log.Fatal(http.ListenAndServe(":"+port, nil))
}
