//! The size cap (64 MiB unpacked), on both sides: sealing refuses more, and opening stops
//! reading at the cap. Opening streams: a package opened from a file reads the same as from
//! bytes.

use std::io::Write;

use phr_core::ErrorCode;
use phr_share::{MAX_ARCHIVE_BYTES, SealTo};

use crate::support::*;

#[test]
fn the_cap_is_64_mib() {
    assert_eq!(MAX_ARCHIVE_BYTES, 64 * 1024 * 1024);
}

#[test]
fn sealing_refuses_a_record_larger_than_the_cap() {
    let big = "x".repeat(usize::try_from(MAX_ARCHIVE_BYTES).unwrap());
    let (_, recipient) = professional();
    let e = phr_share::seal(&consent(), &subject(), files_with(&big), &key().0, &SealTo::RecipientKey(recipient))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::FileTooLarge);
    assert!(e.message.contains("64 MB"), "{}", e.message);
}

/// An age file that decrypts to more than the cap (here zeros after a valid-looking end)
/// is refused once the cap is passed, not read to its end.
#[test]
fn opening_refuses_contents_larger_than_the_cap() {
    let (identity, recipient) = professional();
    let plain = vec![0u8; usize::try_from(MAX_ARCHIVE_BYTES).unwrap() + 4096];
    let package = encrypt_key(&plain, &recipient);
    let message = refused(open(&package, &phr_share::Unlock::Identity(identity.into())), ErrorCode::ShareTampered);
    assert!(message.contains("larger than any shared record"), "{message}");
}

#[test]
fn a_package_opened_from_a_file_stream_matches_one_opened_from_bytes() {
    let (package, identity) = sealed_to_key(files());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.age");
    std::fs::File::create(&path).unwrap().write_all(&package).unwrap();
    let unlock = phr_share::Unlock::Identity(identity.into());
    let from_file =
        phr_share::open_reader(std::io::BufReader::new(std::fs::File::open(&path).unwrap()), &unlock, now()).unwrap();
    assert_eq!(from_file, open(&package, &unlock).unwrap());
    // Cut short by one byte, from a file: refused as cut short or damaged.
    std::fs::write(&path, &package[..package.len() - 1]).unwrap();
    let r = phr_share::open_reader(std::io::BufReader::new(std::fs::File::open(&path).unwrap()), &unlock, now());
    refused(r, ErrorCode::ShareTampered);
}
