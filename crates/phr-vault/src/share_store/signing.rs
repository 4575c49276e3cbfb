//! The record's Ed25519 signing key: made on first use, kept (PKCS#8) in the person's
//! encrypted database, never written anywhere else. Packages are signed with it so a
//! professional can check, by the fingerprint read over the phone, that a package came from
//! this record.

use phr_core::ErrorCode;
use ring::signature::{Ed25519KeyPair, KeyPair};
use rusqlite::{Connection, OptionalExtension, params};
use zeroize::Zeroizing;

use crate::error::{Result, VaultError, db_error};
use crate::model::PersonId;
use crate::person_store::time_text;
use crate::vault::Vault;

const ALGORITHM: &str = "Ed25519";

fn stored_key(conn: &Connection) -> rusqlite::Result<Option<Zeroizing<Vec<u8>>>> {
    conn.query_row("SELECT pkcs8 FROM signing_key WHERE only_row = 1", [], |r| r.get::<_, Vec<u8>>(0))
        .optional()
        .map(|k| k.map(Zeroizing::new))
}

impl Vault {
    /// The record's signing key as PKCS#8 (zeroized when dropped), made and stored on first use.
    /// Making it is not something the citizen did, so it has no audit entry of its own: the
    /// share it was made for is audited.
    pub fn signing_key(&mut self, id: &PersonId) -> Result<Zeroizing<Vec<u8>>> {
        let now = self.now();
        let p = self
            .people
            .iter_mut()
            .find(|p| p.id == *id)
            .ok_or_else(|| VaultError::new(ErrorCode::PersonNotFound, "No person with that id is in this vault"))?;
        let path = p.path.clone();
        let tx = p.conn.transaction().map_err(|e| db_error(&path, &e))?;
        if let Some(key) = stored_key(&tx).map_err(|e| db_error(&path, &e))? {
            return Ok(key);
        }
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&self.rng)
            .map_err(|_| VaultError::internal("the system's random number generator failed"))?;
        let pkcs8 = Zeroizing::new(pkcs8.as_ref().to_vec());
        let pair = Ed25519KeyPair::from_pkcs8(&pkcs8)
            .map_err(|_| VaultError::internal("a new signing key could not be read back"))?;
        tx.execute(
            "INSERT INTO signing_key (only_row, algorithm, pkcs8, public_key, created_at) VALUES (1, ?1, ?2, ?3, ?4)",
            params![ALGORITHM, pkcs8.as_slice(), pair.public_key().as_ref(), time_text(now)],
        )
        .map_err(|e| db_error(&path, &e))?;
        tx.commit().map_err(|e| db_error(&path, &e))?;
        Ok(pkcs8)
    }

    /// The signing key's raw public key (32 bytes), or `None` before the first share made it.
    pub fn signing_public_key(&self, id: &PersonId) -> Result<Option<[u8; 32]>> {
        self.read_person(id, |conn, path| {
            let stored: Option<Vec<u8>> = conn
                .query_row("SELECT public_key FROM signing_key WHERE only_row = 1", [], |r| r.get(0))
                .optional()
                .map_err(|e| db_error(path, &e))?;
            stored
                .map(|k| {
                    <[u8; 32]>::try_from(k.as_slice())
                        .map_err(|_| VaultError::database_damaged(path, "the signing key's public key is not 32 bytes"))
                })
                .transpose()
        })
    }
}
