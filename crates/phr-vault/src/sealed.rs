//! Sealed arrivals: what a carer's import brought for a label (or an entry) the person keeps
//! private, sealed to the person's age X25519 recipient instead of being stored. Each row of
//! `sealed_arrival` in the person's database is an age file of a small JSON holding one FHIR
//! resource as it arrived and its source; only the person's own access opens it, and opening
//! their own access moves the arrivals into their private part.

use std::io::{Read, Write};

use rusqlite::{Connection, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use zeroize::Zeroizing;

use crate::error::{Result, VaultError};
use crate::record_store::SourceInfo;

/// What one sealed arrival holds.
#[derive(Serialize, Deserialize)]
pub(crate) struct Arrival {
    pub(crate) source: SourceInfo,
    #[serde(default, rename = "fullUrl", skip_serializing_if = "Option::is_none")]
    pub(crate) full_url: Option<String>,
    pub(crate) resource: Box<RawValue>,
}

/// Seals one resource and its source to `recipient` (`age1...`).
pub(crate) fn seal(
    recipient: &str,
    source: &SourceInfo,
    full_url: Option<&str>,
    resource: &RawValue,
) -> Result<Vec<u8>> {
    let to: age::x25519::Recipient = recipient
        .trim()
        .parse()
        .map_err(|_| VaultError::internal("the key a person's private arrivals are sealed to is not valid"))?;
    let plain = Zeroizing::new(
        serde_json::to_vec(&serde_json::json!({ "source": source, "fullUrl": full_url, "resource": resource }))
            .map_err(|e| VaultError::internal(format!("could not write a sealed arrival: {e}")))?,
    );
    let fail = || VaultError::internal("could not seal an arrival");
    let encryptor = age::Encryptor::with_recipients(std::iter::once(&to as &dyn age::Recipient)).map_err(|_| fail())?;
    let mut out = Vec::with_capacity(plain.len() + 256);
    let mut w = encryptor.wrap_output(&mut out).map_err(|_| fail())?;
    w.write_all(&plain).map_err(|_| fail())?;
    w.finish().map_err(|_| fail())?;
    Ok(out)
}

/// Opens one sealed arrival with the person's identity.
pub(crate) fn open(identity: &age::x25519::Identity, sealed: &[u8]) -> Result<Arrival> {
    let fail = || VaultError::internal("a sealed arrival does not open with this person's key");
    let d = age::Decryptor::new_buffered(sealed).map_err(|_| fail())?;
    let mut r = d.decrypt(std::iter::once(identity as &dyn age::Identity)).map_err(|_| fail())?;
    let mut plain = Zeroizing::new(Vec::new());
    r.read_to_end(&mut plain).map_err(|_| fail())?;
    serde_json::from_slice(&plain).map_err(|_| fail())
}

/// Stores one sealed arrival in the person's database (inside the import's transaction).
pub(crate) fn insert(tx: &Transaction<'_>, arrived_at: &str, sealed: &[u8]) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO sealed_arrival (arrived_at, sealed) VALUES (?1, ?2)")?
        .execute(params![arrived_at, sealed])?;
    Ok(())
}

/// Every sealed arrival, oldest first: (row id, the age file).
pub(crate) fn all(conn: &Connection) -> rusqlite::Result<Vec<(i64, Vec<u8>)>> {
    let mut stmt = conn.prepare("SELECT id, sealed FROM sealed_arrival ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// How many sealed arrivals wait for the person.
pub(crate) fn count(conn: &Connection) -> rusqlite::Result<u64> {
    conn.query_row("SELECT count(*) FROM sealed_arrival", [], |r| r.get(0))
}

/// Removes the arrivals `ids` (once they are in the private part).
pub(crate) fn remove(tx: &Transaction<'_>, ids: &[i64]) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached("DELETE FROM sealed_arrival WHERE id = ?1")?;
    for id in ids {
        stmt.execute([id])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_opens_only_with_the_identity_and_holds_no_plain_text() {
        let id = age::x25519::Identity::generate();
        let raw =
            RawValue::from_string(r#"{"resourceType":"MedicationRequest","id":"m1","note":"Levonorgestrel"}"#.into())
                .unwrap();
        let sealed = seal(&id.to_public().to_string(), &SourceInfo::files(), Some("urn:uuid:1"), &raw).unwrap();
        assert!(!String::from_utf8_lossy(&sealed).contains("Levonorgestrel"));
        let back = open(&id, &sealed).unwrap();
        assert_eq!(back.resource.get(), raw.get());
        assert_eq!(back.source, SourceInfo::files());
        assert_eq!(back.full_url.as_deref(), Some("urn:uuid:1"));
        assert!(open(&age::x25519::Identity::generate(), &sealed).is_err());
    }
}
