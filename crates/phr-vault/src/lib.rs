//! The encrypted store (being written).
