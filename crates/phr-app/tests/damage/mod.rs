//! Damage a person's database where unlock does not look: the record still opens, and only a
//! whole-file check (on demand or in the background) can find it.

use std::path::Path;

use phr_app::App;
use phr_core::passphrase::Passphrase;

/// Flips one byte in a page of `db` that unlock does not read, trying pages through the file
/// until the vault (locked on entry) unlocks with `pass` with one of them changed. Leaves the
/// app unlocked on the damaged file; panics if every page tried is read at unlock.
pub fn damage_a_page_unlock_does_not_read(app: &App, db: &Path, pass: &str) {
    let original = std::fs::read(db).unwrap();
    let opened = (1..40).any(|k| {
        let mut bytes = original.clone();
        let at = original.len() * k / 40 + 123;
        bytes[at] ^= 0xff;
        std::fs::write(db, bytes).unwrap();
        let ok = app.unlock(Passphrase::new(pass.to_owned())).is_ok();
        if !ok {
            app.lock();
            std::fs::write(db, &original).unwrap();
        }
        ok
    });
    assert!(opened, "no page of the record was left unread at unlock");
}
