//! The GP practice client (being built).
