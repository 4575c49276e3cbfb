//! The `phr-desktop` binary: everything lives in the library so tests can reach it.

// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// mimalloc, as `phr` has: see the workspace Cargo.toml (the import's allocations).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    phr_desktop::run();
}
