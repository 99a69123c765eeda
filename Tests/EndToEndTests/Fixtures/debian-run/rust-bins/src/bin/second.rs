fn main() { println!("hello from the second binary"); }
