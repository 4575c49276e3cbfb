//! The `phr-desktop` binary: everything lives in the library so tests can reach it.

// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    phr_desktop::run();
}
