pub fn greeting() -> &'static str { "hello from the greeting crate" }
