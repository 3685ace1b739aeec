//! The `iamplay` command: reads scenario and policy files, prints decisions, explanations and lint findings.

fn main() {
    println!("iamplay {}", env!("CARGO_PKG_VERSION"));
}
