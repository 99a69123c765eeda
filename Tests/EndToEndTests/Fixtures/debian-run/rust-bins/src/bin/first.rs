fn main() { println!("hello from the first binary"); }
