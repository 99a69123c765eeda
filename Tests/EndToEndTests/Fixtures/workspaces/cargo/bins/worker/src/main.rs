fn main() {
    println!("worker: {}", shop_util::shout("jobs done"));
}
