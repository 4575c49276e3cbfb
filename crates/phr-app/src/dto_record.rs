//! Transport types for the clinical record: entries, the summary, timeline pages, search hits,
//! import reports and progress. They derive ts-rs; the UI's bindings are generated from them.
