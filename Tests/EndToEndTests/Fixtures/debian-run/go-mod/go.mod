module example.com/debian/gomod

go 1.22
