//! The readings commands: one line each, forwarding to `phr_app::App`.
