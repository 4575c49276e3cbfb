//! The record and GP import commands: one line each, forwarding to `phr_app::App`.
