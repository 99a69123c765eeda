void main() => print("hello");
