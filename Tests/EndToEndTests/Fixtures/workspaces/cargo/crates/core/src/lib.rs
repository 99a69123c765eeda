pub fn greeting(name: &str) -> String {
    format!("hello from shop-core to {name}")
}
