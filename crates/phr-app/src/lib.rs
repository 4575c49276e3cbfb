//! The application facade (being written).
