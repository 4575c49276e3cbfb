//! Transport types for readings: kinds, a reading, checks, statistics, chart series, device
//! import previews. They derive ts-rs; the UI's bindings are generated from them.
