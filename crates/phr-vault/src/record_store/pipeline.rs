//! The mapping side of an import: each resource parsed, mapped and made ready to store (its
//! content hash, logical id, the entry's stored columns, its references resolved) on worker
//! threads, and handed to the single writer in file order a chunk at a time. So mapping
//! overlaps writing, and only a few chunks of mapped resources are held at once instead of
//! all of them.

use std::sync::mpsc::sync_channel;

use phr_core::fhir::{FhirVersion, IncomingResource, MapOutcome, Resolver, attachments, map_resource};
use phr_core::record::MappedEntry;
use ring::digest;

use super::store::{self, EntryCols};

/// Where a reference points.
pub(super) enum LinkTarget {
    /// A resource of this import, by its index.
    InImport(usize),
    /// `Type/id` of a resource an earlier import from the same source may have stored.
    Stored(String, String),
}

/// An entry ready for the writer.
pub(super) struct ReadyEntry {
    /// The mapping; its `references` are moved out into `links`.
    pub(super) entry: MappedEntry,
    /// Whether it maps to one of the record's categories (else it is kept as "other").
    pub(super) mapped: bool,
    pub(super) cols: EntryCols,
    pub(super) links: Vec<LinkTarget>,
    pub(super) hash: String,
    pub(super) logical_id: String,
}

/// One resource, ready for the writer.
pub(super) struct Ready {
    /// `Err` holds why it was rejected.
    pub(super) entry: Result<ReadyEntry, String>,
    /// The R4 text of a resource that arrived as STU3.
    pub(super) r4: Option<String>,
    /// Attachments whose bytes are at hand: (title, content type, bytes).
    pub(super) attachments: Vec<(String, String, Vec<u8>)>,
}

fn content_hash(raw: &str) -> String {
    crate::hex::encode(digest::digest(&digest::SHA256, raw.as_bytes()).as_ref())
}

/// The key a resource is known by within its source: its id, else its fullUrl, else (a
/// resource with neither can only be recognised by what it says) its content.
fn logical_id(r: &IncomingResource<'_>, hash: &str) -> String {
    r.id.clone().filter(|i| !i.is_empty()).or_else(|| r.full_url.clone()).unwrap_or_else(|| format!("sha256:{hash}"))
}

/// `Type/id` at the end of a reference, for references to resources stored by earlier imports.
pub(super) fn type_and_id(reference: &str) -> Option<(&str, &str)> {
    let path = reference.split(['?', '#']).next()?;
    let mut parts = path.trim_end_matches('/').rsplit('/');
    let id = parts.next().filter(|s| !s.is_empty())?;
    let t = parts.next().filter(|t| t.chars().next().is_some_and(|c| c.is_ascii_uppercase()))?;
    Some((t, id))
}

/// The bytes of an attachment: embedded, or in a Binary the same import brought.
fn attachment_bytes(a: &phr_core::fhir::AttachmentRef, resolver: &Resolver<'_>, from: Option<&str>) -> Option<Vec<u8>> {
    if let Some(d) = &a.data {
        return Some(d.clone());
    }
    let i = resolver.resolve(a.url.as_deref()?, from)?;
    if resolver.get(i)?.resource_type != "Binary" {
        return None;
    }
    attachments(&*resolver.value(i)?).into_iter().find_map(|b| b.data)
}

/// Parses, maps and prepares resource `i`; its parsed value is dropped here.
fn ready(i: usize, r: &IncomingResource<'_>, resolver: &Resolver<'_>) -> Ready {
    let value = resolver.value(i).unwrap_or_default();
    let outcome = map_resource(&value, resolver);
    let r4 = (r.original_version == FhirVersion::Stu3).then(|| serde_json::to_string(&*value).unwrap_or_default());
    let (mut entry, mapped) = match outcome {
        MapOutcome::Mapped(e) => (e, true),
        MapOutcome::Unmapped(e) => (e, false),
        MapOutcome::Rejected(why) => return Ready { entry: Err(why), r4, attachments: Vec::new() },
    };
    let attachments = attachments(&value)
        .into_iter()
        .filter_map(|a| {
            let bytes = attachment_bytes(&a, resolver, r.full_url.as_deref())?;
            Some((a.title, a.content_type, bytes))
        })
        .collect();
    drop(value);
    let links = std::mem::take(&mut entry.references)
        .iter()
        // A `#contained` reference points into this resource itself, and an entry is not
        // linked to itself: resolving it would parse the whole resource again to look inside.
        .filter(|reference| !reference.trim_start().starts_with('#'))
        .filter_map(|reference| match resolver.resolve(reference, r.full_url.as_deref()) {
            Some(j) => Some(LinkTarget::InImport(j)),
            None => type_and_id(reference).map(|(t, id)| LinkTarget::Stored(t.to_owned(), id.to_owned())),
        })
        .collect();
    let hash = content_hash(r.raw.get());
    let logical_id = logical_id(r, &hash);
    let cols = store::cols(&entry, &r.resource_type);
    Ready { entry: Ok(ReadyEntry { entry, mapped, cols, links, hash, logical_id }), r4, attachments }
}

/// Resources per chunk: small enough that a small import still spreads over every core and
/// the writer starts early, large enough that handing chunks over costs nothing.
fn chunk_size(resources: usize, workers: usize) -> usize {
    (resources / (workers * 4)).clamp(32, 1024)
}

/// Calls `write` with every resource's index and its `Ready`, in file order, on this thread,
/// while worker threads (one per core) map the chunks ahead of it. Worker `w` maps chunks
/// `w`, `w + workers`, ... and hands each over through its own one-chunk channel, so the
/// writer reads them in order and at most two chunks per worker are held at once. Stops at
/// the first error `write` returns (the workers then stop at their next hand-over).
pub(super) fn for_each_ready<E>(
    resources: &[IncomingResource<'_>],
    resolver: &Resolver<'_>,
    mut write: impl FnMut(usize, Ready) -> Result<(), E>,
) -> Result<(), E> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from).clamp(1, 8);
    let chunk = chunk_size(resources.len(), cores);
    let chunks = resources.len().div_ceil(chunk);
    let map_chunk = |c: usize| -> Vec<Ready> {
        let start = c * chunk;
        let part = resources.get(start..(start + chunk).min(resources.len())).unwrap_or_default();
        part.iter().enumerate().map(|(k, r)| ready(start + k, r, resolver)).collect()
    };
    if cores == 1 || chunks <= 1 {
        for (i, r) in resources.iter().enumerate() {
            write(i, ready(i, r, resolver))?;
        }
        return Ok(());
    }
    let workers = cores.min(chunks);
    std::thread::scope(|s| {
        let mut inboxes = Vec::with_capacity(workers);
        for w in 0..workers {
            let (tx, rx) = sync_channel::<Vec<Ready>>(1);
            inboxes.push(rx);
            let map_chunk = &map_chunk;
            s.spawn(move || {
                for c in (w..chunks).step_by(workers) {
                    if tx.send(map_chunk(c)).is_err() {
                        return; // the writer stopped
                    }
                }
            });
        }
        for c in 0..chunks {
            // A worker that panicked has dropped its sender: its chunk is mapped again here,
            // so the panic surfaces on this thread with its message rather than as lost data.
            let part = inboxes.get(c % workers).and_then(|rx| rx.recv().ok()).unwrap_or_else(|| map_chunk(c));
            for (k, r) in part.into_iter().enumerate() {
                write(c * chunk + k, r)?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_to_earlier_imports() {
        assert_eq!(type_and_id("Patient/123"), Some(("Patient", "123")));
        assert_eq!(type_and_id("https://gp.example/fhir/Practitioner/9"), Some(("Practitioner", "9")));
        assert_eq!(type_and_id("urn:uuid:1234"), None);
        assert_eq!(type_and_id("#med1"), None);
    }

    #[test]
    fn chunks_spread_small_imports_and_cap_large_ones() {
        assert_eq!(chunk_size(10, 2), 32);
        assert_eq!(chunk_size(1_111, 2), 138);
        assert_eq!(chunk_size(100_000, 2), 1024);
    }
}
