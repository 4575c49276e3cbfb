//! Nothing a person typed reaches the disk unencrypted: not in the key file, not in a
//! database or its WAL, not in a backup.

use std::path::Path;

use crate::support::*;

const NAME: &str = "Zebedee Quixote-Plaintext";
const NHS: &str = "9434765919";

fn assert_clean(files: &std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>) {
    assert!(!files.is_empty());
    for (path, bytes) in files {
        for needle in [NAME.as_bytes(), b"Zebedee", b"Quixote", NHS.as_bytes(), b"1948-07-05"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{} holds {:?} in plain text",
                path.display(),
                String::from_utf8_lossy(needle)
            );
        }
        assert!(!bytes.starts_with(b"SQLite format 3"), "{} is an unencrypted SQLite file", path.display());
    }
}

#[test]
fn no_file_holds_a_name_or_nhs_number_in_plain_text() {
    let (tmp, dir) = vault_dir();
    let (mut v, _) = create(&dir);
    let p = v.add_person(details_with_nhs(NAME, NHS)).expect("add");
    v.update_person(&p.id, details_with_nhs(&format!("{NAME} Jr"), NHS)).expect("update");
    // While open: the WAL and shared-memory files exist.
    let open = snapshot(&dir);
    assert!(open.keys().any(|k| k.to_string_lossy().ends_with("-wal")), "expected a WAL file: {:?}", open.keys());
    assert_clean(&open);
    let backup = tmp.path().join("b.phrbackup");
    v.create_backup(&backup).expect("backup");
    drop(v);
    assert_clean(&snapshot(&dir));
    assert_clean(&snapshot(Path::new(&backup).parent().expect("parent")));
}
