//! Each entry's place among what the person browses (`entry.place`, see
//! `phr_core::record::place`): an import writes it with the entry; entries written without one
//! (stored before the column existed, put back by an undo, the citizen's own share records) are
//! placed here from their stored resource type and columns, by the same core rule.

use phr_core::record::place::{Place, place_of};
use phr_core::record::{EntryKind, MappedEntry, Sensitivity};
use rusqlite::{Connection, params};

/// One unplaced entry's stored parts.
struct Unplaced {
    id: i64,
    resource_type: String,
    kind: String,
    title: String,
    value: Option<String>,
    components: String,
    facts: String,
    codes: String,
}

/// Where a stored entry belongs, from its columns as the import wrote them.
fn place_of_stored(u: &Unplaced) -> Place {
    let e = MappedEntry {
        kind: EntryKind::parse(&u.kind).unwrap_or(EntryKind::Other),
        title: u.title.clone(),
        status: None,
        date: None,
        codes: serde_json::from_str(&u.codes).unwrap_or_default(),
        value: u.value.as_deref().and_then(|v| serde_json::from_str(v).ok()),
        components: serde_json::from_str(&u.components).unwrap_or_default(),
        facts: serde_json::from_str(&u.facts).unwrap_or_default(),
        sensitivity: Sensitivity::General,
        references: Vec::new(),
        search_text: String::new(),
    };
    place_of(&u.resource_type, &e)
}

/// Places every entry that has no place yet. Finds nothing, through the partial index on
/// unplaced entries, in a record that needs nothing done. Returns how many it placed.
pub(crate) fn place_unplaced(conn: &Connection) -> rusqlite::Result<usize> {
    let pending: Vec<Unplaced> = {
        let mut stmt = conn.prepare_cached(
            "SELECT e.id, r.resource_type, e.kind, e.title, e.value, e.components, e.facts, e.codes
             FROM entry e INDEXED BY entry_unplaced JOIN resource r ON r.id = e.resource_id
             WHERE e.place IS NULL",
        )?;
        stmt.query_map([], |r| {
            Ok(Unplaced {
                id: r.get(0)?,
                resource_type: r.get(1)?,
                kind: r.get(2)?,
                title: r.get(3)?,
                value: r.get(4)?,
                components: r.get(5)?,
                facts: r.get(6)?,
                codes: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?
    };
    if pending.is_empty() {
        return Ok(0);
    }
    let mut set = conn.prepare_cached("UPDATE entry SET place = ?2 WHERE id = ?1")?;
    for u in &pending {
        set.execute(params![u.id, place_of_stored(u).stored()])?;
    }
    Ok(pending.len())
}

/// [`place_unplaced`] in its own transaction, when a record is opened.
pub(crate) fn place_unplaced_at_open(conn: &mut Connection) -> rusqlite::Result<usize> {
    let tx = conn.transaction()?;
    let n = place_unplaced(&tx)?;
    tx.commit()?;
    Ok(n)
}
