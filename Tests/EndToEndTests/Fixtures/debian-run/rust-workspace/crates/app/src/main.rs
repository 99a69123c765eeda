fn main() { println!("{} via the workspace", greeting::greeting()); }
