//! What a slice holds, gathered from the record and the readings: the input to the document
//! builder, and the counts of entries a sensitive label keeps out (for the citizen's preview).
//!
//! The slice's rule is `ShareSlice::admits_entry` / `admits_reading` (phr-core), applied here
//! to every candidate: SQL narrows by category (and readings by kind and a day either side of
//! the range, for time zones), the rule decides. Resource text is read only for what is
//! admitted, so a slice of a 100,000-entry record reads little more than it shares.

use std::collections::{BTreeMap, HashSet};

use chrono::{Days, NaiveDate, SecondsFormat};
use phr_core::readings::ReadingKind;
use phr_core::record::{EntryKind, Sensitivity};
use phr_core::share::{ShareSlice, SharedEntry, SharedPatient, SharedReading, SliceContents, SupportingResource};
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, params_from_iter};

use crate::error::{Result, db_error};
use crate::model::PersonId;
use crate::person_store;
use crate::readings_store::export::reading_uuid;
use crate::readings_store::{ReadingFilter, list};
use crate::vault::Vault;

/// An entry's date as the slice's rule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryDate {
    Undated,
    Day(NaiveDate),
    /// A date the app cannot read: kept out of any share with a date range (it might be
    /// outside it), treated as undated otherwise.
    Unreadable,
}

/// The day an entry is filed under, as written (the calendar it was recorded in). A partial
/// date ("2019", "2019-03") counts as the start of its period, as the timeline sorts it.
fn entry_date(date: Option<&str>) -> EntryDate {
    let Some(d) = date.map(str::trim).filter(|d| !d.is_empty()) else { return EntryDate::Undated };
    let day = match d.len() {
        4 => d.parse::<i32>().ok().and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1)),
        7 => NaiveDate::parse_from_str(&format!("{d}-01"), "%Y-%m-%d").ok(),
        _ => d.get(..10).and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()),
    };
    day.map_or(EntryDate::Unreadable, EntryDate::Day)
}

fn admits(slice: &ShareSlice, c: &Candidate) -> bool {
    let date = match c.date {
        EntryDate::Undated => None,
        EntryDate::Day(d) => Some(d),
        EntryDate::Unreadable if slice.from.is_some() || slice.to.is_some() => return false,
        EntryDate::Unreadable => None,
    };
    slice.admits_entry(c.id, c.kind, date, c.sensitivity)
}

/// An entry of a chosen category, before the rule is applied.
struct Candidate {
    id: i64,
    resource_id: i64,
    kind: EntryKind,
    date: EntryDate,
    date_text: Option<String>,
    sensitivity: Sensitivity,
}

/// Entries of the slice's categories, newest first. The Consents this record's shares left in
/// it are never candidates: a share must not tell one recipient about another.
fn candidates(conn: &Connection, slice: &ShareSlice) -> rusqlite::Result<Vec<Candidate>> {
    let kinds: Vec<SqlValue> = slice
        .categories
        .iter()
        .filter(|k| **k != EntryKind::Patient)
        .map(|k| SqlValue::Text(k.as_str().into()))
        .collect();
    if kinds.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=kinds.len()).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "SELECT e.id, e.kind, e.date, e.sensitivity, e.resource_id FROM entry e
         WHERE e.kind IN ({})
           AND e.resource_id NOT IN (SELECT consent_resource_id FROM share WHERE consent_resource_id IS NOT NULL)
         ORDER BY e.sort_date DESC, e.id DESC",
        marks.join(", ")
    );
    let mut stmt = conn.prepare(&sql)?;
    stmt.query_map(params_from_iter(kinds.iter()), |r| {
        let kind: String = r.get(1)?;
        let date: Option<String> = r.get(2)?;
        let sensitivity: String = r.get(3)?;
        Ok(Candidate {
            id: r.get(0)?,
            resource_id: r.get(4)?,
            kind: EntryKind::parse(&kind).unwrap_or(EntryKind::Other),
            date: entry_date(date.as_deref()),
            date_text: date,
            // An unknown label is treated as the most guarded one: only a tick shares it.
            sensitivity: Sensitivity::parse(&sensitivity).unwrap_or(Sensitivity::HeldBack),
        })
    })?
    .collect()
}

/// The record's "What matters to me" entries and decisions (`phr_core::share::what_matters_part`),
/// newest first, whatever their category: a share holds them only by its one tick, so they are
/// never candidates of a category. SQL narrows by type and the tag or type code; the core
/// decides. A decision is told by its entry's codes, so a kept PDF is not read to leave it out.
fn what_matters_candidates(conn: &Connection) -> rusqlite::Result<Vec<Candidate>> {
    use phr_core::record::about_me::PART_TAG_SYSTEM;
    use phr_core::record::own_document::DOCUMENT_TYPE_SYSTEM;
    let sql = format!(
        "SELECT e.id, e.kind, e.date, e.sensitivity, e.resource_id, r.resource_type, e.codes,
                CASE WHEN r.resource_type = 'DocumentReference' THEN NULL ELSE coalesce(r.r4, r.raw) END
         FROM entry e JOIN resource r ON r.id = e.resource_id
         WHERE ((r.resource_type IN ('Goal', 'RelatedPerson', 'Organization', 'Flag')
                 AND coalesce(r.r4, r.raw) LIKE '%{PART_TAG_SYSTEM}%')
                OR (r.resource_type = 'DocumentReference' AND e.codes LIKE '%{DOCUMENT_TYPE_SYSTEM}%'))
           AND e.resource_id NOT IN (SELECT consent_resource_id FROM share WHERE consent_resource_id IS NOT NULL)
         ORDER BY e.sort_date DESC, e.id DESC"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| {
        let kind: String = r.get(1)?;
        let date: Option<String> = r.get(2)?;
        let sensitivity: String = r.get(3)?;
        let resource_type: String = r.get(5)?;
        let codes: String = r.get(6)?;
        let text: Option<String> = r.get(7)?;
        let (id, resource_id): (i64, i64) = (r.get(0)?, r.get(4)?);
        let is_what_matters = match text {
            Some(t) => serde_json::from_str(&t).ok().and_then(|v| phr_core::share::what_matters_part(&v)).is_some(),
            None => {
                let codes: Vec<serde_json::Value> = serde_json::from_str(&codes).unwrap_or_default();
                let pairs: Vec<(&str, &str)> =
                    codes.iter().filter_map(|c| Some((c.get("system")?.as_str()?, c.get("code")?.as_str()?))).collect();
                phr_core::share::decision_of_codes(&resource_type, &pairs).is_some()
            }
        };
        Ok(is_what_matters.then(|| Candidate {
            id,
            resource_id,
            kind: EntryKind::parse(&kind).unwrap_or(EntryKind::Other),
            date: entry_date(date.as_deref()),
            date_text: date,
            sensitivity: Sensitivity::parse(&sensitivity).unwrap_or(Sensitivity::HeldBack),
        }))
    })?;
    let mut out = Vec::new();
    for row in rows {
        out.extend(row?);
    }
    Ok(out)
}

/// The "What matters to me" entries `slice` admits (`ShareSlice::admits_what_matters`).
fn what_matters_entries(
    conn: &Connection,
    slice: &ShareSlice,
    candidates: Vec<Candidate>,
) -> rusqlite::Result<Vec<SharedEntry>> {
    let mut shared = Vec::new();
    for c in candidates.into_iter().filter(|c| slice.admits_what_matters(c.id, c.sensitivity)) {
        let Some(r) = resource_of(conn, c.resource_id)? else { continue };
        shared.push(SharedEntry {
            entry_id: c.id,
            kind: c.kind,
            sensitivity: c.sensitivity,
            date: c.date_text,
            resource_type: r.resource_type,
            resource: r.text,
            aliases: r.aliases,
        });
    }
    Ok(shared)
}

/// A stored resource's type, R4 text and the strings other resources may refer to it by.
struct StoredResource {
    resource_type: String,
    text: String,
    aliases: Vec<String>,
}

fn aliases(resource_type: &str, logical_id: &str, full_url: Option<String>) -> Vec<String> {
    let mut out = Vec::new();
    // A resource stored without an id is keyed by its fullUrl or its content hash, which no
    // reference uses as "Type/id".
    if !logical_id.starts_with("sha256:") && full_url.as_deref() != Some(logical_id) {
        out.push(format!("{resource_type}/{logical_id}"));
    }
    out.extend(full_url);
    out
}

fn resource_of(conn: &Connection, resource_id: i64) -> rusqlite::Result<Option<StoredResource>> {
    conn.prepare_cached("SELECT resource_type, coalesce(r4, raw), logical_id, full_url FROM resource WHERE id = ?1")?
        .query_row([resource_id], |r| {
            let resource_type: String = r.get(0)?;
            let logical_id: String = r.get(2)?;
            Ok(StoredResource {
                aliases: aliases(&resource_type, &logical_id, r.get(3)?),
                text: r.get(1)?,
                resource_type,
            })
        })
        .optional()
}

/// The Medication entries a shared entry refers to (through the links the import stored from
/// its references): entry id, resource id and label.
fn medications_of(conn: &Connection, entry_id: i64) -> rusqlite::Result<Vec<(i64, i64, Sensitivity)>> {
    conn.prepare_cached(
        "SELECT e.id, e.resource_id, e.sensitivity FROM entry_link l JOIN entry e ON e.id = l.to_entry
         JOIN resource r ON r.id = e.resource_id
         WHERE l.from_entry = ?1 AND r.resource_type = 'Medication' ORDER BY e.id",
    )?
    .query_map([entry_id], |r| {
        let s: String = r.get(2)?;
        Ok((r.get(0)?, r.get(1)?, Sensitivity::parse(&s).unwrap_or(Sensitivity::HeldBack)))
    })?
    .collect()
}

fn patient(conn: &Connection, id: &PersonId, path: &std::path::Path) -> Result<SharedPatient> {
    let person = person_store::read(conn, id, path)?;
    // The Patient as the most recent import brought it: a GP's and a file's may both be stored.
    let resource: Option<String> = conn
        .query_row(
            "SELECT coalesce(r.r4, r.raw) FROM entry e JOIN resource r ON r.id = e.resource_id
             WHERE e.kind = 'patient' ORDER BY r.last_imported_at DESC, r.id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(|e| db_error(path, &e))?;
    // Entries from each source refer to that source's Patient: every one is an alias.
    let mut patient_aliases: Vec<String> = Vec::new();
    conn.prepare_cached(
        "SELECT r.resource_type, r.logical_id, r.full_url FROM entry e JOIN resource r ON r.id = e.resource_id
         WHERE e.kind = 'patient' ORDER BY r.id",
    )
    .and_then(|mut s| {
        s.query_map([], |r| Ok(aliases(&r.get::<_, String>(0)?, &r.get::<_, String>(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()
    })
    .map_err(|e| db_error(path, &e))?
    .into_iter()
    .flatten()
    .for_each(|a| {
        if !patient_aliases.contains(&a) {
            patient_aliases.push(a);
        }
    });
    Ok(SharedPatient {
        name: person.details.name,
        birth_date: person.details.date_of_birth,
        nhs_number: person.details.nhs_number.map(|n| n.as_digits().to_string()),
        resource,
        aliases: patient_aliases,
    })
}

/// How many `candidates` are left out because of their label alone, by label, in the order of
/// `Sensitivity::ALL`; labels that keep nothing out are not listed.
fn withheld_by_label(slice: &ShareSlice, candidates: &[Candidate]) -> Vec<(Sensitivity, u32)> {
    let every_label = ShareSlice { include_sensitive: Sensitivity::ALL.to_vec(), ..slice.clone() };
    let mut counts: BTreeMap<usize, u32> = BTreeMap::new();
    for c in candidates {
        if admits(&every_label, c) && !admits(slice, c) {
            let at = Sensitivity::ALL.iter().position(|s| *s == c.sensitivity).unwrap_or(0);
            *counts.entry(at).or_default() += 1;
        }
    }
    counts.into_iter().filter_map(|(i, n)| Some((*Sensitivity::ALL.get(i)?, n))).collect()
}

fn entries(
    conn: &Connection,
    slice: &ShareSlice,
    candidates: Vec<Candidate>,
) -> rusqlite::Result<(Vec<SharedEntry>, Vec<SupportingResource>)> {
    let mut shared = Vec::new();
    let mut medication_ids: Vec<(i64, i64)> = Vec::new();
    for c in candidates.into_iter().filter(|c| admits(slice, c)) {
        let Some(r) = resource_of(conn, c.resource_id)? else { continue };
        if r.resource_type.starts_with("Medication") && r.resource_type != "Medication" {
            for (med, med_resource, s) in medications_of(conn, c.id)? {
                // The Medication is read with the request that names it, but a label the
                // citizen put on it, or an untick, still keeps it out.
                if (s == Sensitivity::General || slice.include_sensitive.contains(&s))
                    && !slice.exclude_entries.contains(&med)
                {
                    medication_ids.push((med, med_resource));
                }
            }
        }
        shared.push(SharedEntry {
            entry_id: c.id,
            kind: c.kind,
            sensitivity: c.sensitivity,
            date: c.date_text,
            resource_type: r.resource_type,
            resource: r.text,
            aliases: r.aliases,
        });
    }
    let shared_ids: HashSet<i64> = shared.iter().map(|e| e.entry_id).collect();
    let mut seen = HashSet::new();
    let mut supporting = Vec::new();
    for (med, med_resource) in medication_ids {
        if shared_ids.contains(&med) || !seen.insert(med) {
            continue;
        }
        if let Some(r) = resource_of(conn, med_resource)? {
            supporting.push(SupportingResource {
                resource_type: r.resource_type,
                resource: r.text,
                aliases: r.aliases,
            });
        }
    }
    Ok((shared, supporting))
}

/// Unix ms at the start of `day` in UTC.
fn day_ms(day: NaiveDate) -> Option<i64> {
    day.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp_millis())
}

fn readings(conn: &Connection, id: &PersonId, slice: &ShareSlice) -> rusqlite::Result<Vec<SharedReading>> {
    let mut kinds: Vec<ReadingKind> = Vec::new();
    for k in &slice.readings {
        if !kinds.contains(k) {
            kinds.push(*k);
        }
    }
    let mut out = Vec::new();
    for kind in kinds {
        // A day either side: a reading's day is in the calendar it was taken in (offsets up
        // to ±14 h), and the rule below decides by that day.
        let filter = ReadingFilter {
            kind: Some(kind),
            from_ms: slice.readings_from.and_then(|d| d.checked_sub_days(Days::new(1))).and_then(day_ms),
            to_ms: slice.readings_to.and_then(|d| d.checked_add_days(Days::new(2))).and_then(day_ms),
            limit: None,
            offset: 0,
        };
        let (mut found, _) = list(conn, &filter)?;
        found.reverse();
        found.retain(|r| slice.admits_reading(r.reading.kind, r.reading.at.date_naive()));
        // Each reading carries the red-flag advice the person was given, so the professional
        // reads it too.
        let advice = crate::record_store::readings_advice(conn, &found)?;
        for (r, advice) in found.iter().zip(advice) {
            let uuid = reading_uuid(id, r.id);
            let mut resource = phr_core::readings::fhir::observation(&uuid, &r.reading, r.source_name.as_deref());
            if let Some(a) = &advice {
                phr_core::readings::fhir::mark_advice(&mut resource, a);
            }
            out.push(SharedReading {
                kind: r.reading.kind,
                at: r.reading.at.to_rfc3339_opts(SecondsFormat::Secs, false),
                resource: resource.to_string(),
            });
        }
    }
    Ok(out)
}

impl Vault {
    /// Everything `slice` admits from a person's record and readings: who it is about (the
    /// imported Patient resource when there is one, else built from their details), the
    /// entries with their R4 text and aliases (newest first), the Medication resources those
    /// entries refer to (through the links stored at import; only when the Medication's own
    /// label is general or ticked), readings as Observations (oldest first, by kind), and,
    /// only when the slice's "What matters to me" is ticked, those resources and the decisions
    /// (after the other entries; never through a category). The Consents of earlier shares
    /// are never included.
    pub fn share_contents(&self, id: &PersonId, slice: &ShareSlice) -> Result<SliceContents> {
        self.share_contents_and_withheld(id, slice).map(|(contents, _)| contents)
    }

    /// [`Vault::share_contents`], and for the citizen's preview (never a package) how many
    /// entries in the chosen categories and dates are left out because of their label, by
    /// label, in the order of `Sensitivity::ALL` (labels that keep nothing out are not listed);
    /// both from one read of the candidate entries.
    pub fn share_contents_and_withheld(
        &self,
        id: &PersonId,
        slice: &ShareSlice,
    ) -> Result<(SliceContents, Vec<(Sensitivity, u32)>)> {
        self.read_person(id, |conn, path| {
            let patient = patient(conn, id, path)?;
            let what_matters = what_matters_candidates(conn).map_err(|e| db_error(path, &e))?;
            let what_matters_ids: HashSet<i64> = what_matters.iter().map(|c| c.id).collect();
            let mut found = candidates(conn, slice).map_err(|e| db_error(path, &e))?;
            found.retain(|c| !what_matters_ids.contains(&c.id));
            let withheld = withheld_by_label(slice, &found);
            let (mut entries, supporting) = entries(conn, slice, found).map_err(|e| db_error(path, &e))?;
            entries.extend(what_matters_entries(conn, slice, what_matters).map_err(|e| db_error(path, &e))?);
            let readings = readings(conn, id, slice).map_err(|e| db_error(path, &e))?;
            Ok((SliceContents { patient, entries, supporting, readings }, withheld))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn entry_dates_are_the_day_as_written_and_partial_dates_start_their_period() {
        assert_eq!(entry_date(None), EntryDate::Undated);
        assert_eq!(entry_date(Some("  ")), EntryDate::Undated);
        assert_eq!(entry_date(Some("2019")), EntryDate::Day(d(2019, 1, 1)));
        assert_eq!(entry_date(Some("2019-03")), EntryDate::Day(d(2019, 3, 1)));
        assert_eq!(entry_date(Some("2019-03-01")), EntryDate::Day(d(2019, 3, 1)));
        assert_eq!(entry_date(Some("2019-03-01T23:30:00-05:00")), EntryDate::Day(d(2019, 3, 1)));
        assert_eq!(entry_date(Some("soon")), EntryDate::Unreadable);
        assert_eq!(entry_date(Some("2019-13-01")), EntryDate::Unreadable);
    }

    #[test]
    fn an_unreadable_date_is_kept_out_of_a_share_with_a_date_range() {
        let c = Candidate {
            id: 1,
            resource_id: 1,
            kind: EntryKind::Problem,
            date: EntryDate::Unreadable,
            date_text: Some("soon".into()),
            sensitivity: Sensitivity::General,
        };
        let all = ShareSlice { categories: vec![EntryKind::Problem], ..ShareSlice::default() };
        assert!(admits(&all, &c));
        assert!(!admits(&ShareSlice { from: Some(d(2020, 1, 1)), ..all.clone() }, &c));
        assert!(!admits(&ShareSlice { to: Some(d(2020, 1, 1)), ..all }, &c));
    }
}
