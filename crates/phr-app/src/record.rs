//! The record: importing FHIR files, reading the record (summary, timeline, lists, search,
//! one entry), sensitivity labels and the FHIR export.
