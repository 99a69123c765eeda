pub fn shout(text: &str) -> String {
    format!("{} ({})", text.to_uppercase(), shop_core::greeting("util"))
}
