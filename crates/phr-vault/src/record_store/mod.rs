//! The clinical record in a person's database: sources, imports, resources as they arrived,
//! entries, links, attachments and full-text search.
//!
//! Resources are stored as the text that arrived (`raw`), so nothing is lost and the export
//! gives back exactly what came in; entries are what the app shows, mapped from them by
//! `phr_core::fhir`. One import is one transaction.

mod dates;
mod derived;
mod export;
mod fts;
mod import;
mod medicines;
mod model;
mod pipeline;
mod place;
mod query;
mod range;
mod relabel;
pub(crate) mod search_index;
mod store;

#[cfg(feature = "bench")]
pub mod bench;

pub(crate) use derived::Derived;
pub(crate) use export::resources as export_resources;
pub(crate) use import::store_moved;
pub use model::*;
pub(crate) use place::{place_unplaced, place_unplaced_at_open};
pub(crate) use query::import_run as query_import_run;
pub(crate) use query::{entry_full as query_entry_full, search as query_search, timeline as query_timeline};
pub use range::EntryJudgement;
pub(crate) use range::{judge_unjudged, readings_advice};
