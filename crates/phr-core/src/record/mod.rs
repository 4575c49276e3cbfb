//! The record's entries: kinds, sensitivity labels, codes, values, as every front end sees them.
