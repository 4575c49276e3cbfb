//! The clinical record in a person's database: sources, imports, resources as they arrived,
//! entries, links, attachments and full-text search.
