(use-modules (haunt site))
(site #:title "Hello")
