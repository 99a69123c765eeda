(display "hello")
