fn main() {
    println!("api: {}", shop_core::greeting("api"));
}
