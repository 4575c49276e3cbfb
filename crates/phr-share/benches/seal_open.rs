//! Benchmark: sealing and opening a large package (filled in below).
fn main() {}
