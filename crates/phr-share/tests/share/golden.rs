//! The manifest's exact bytes for a fixed consent, subject, files and key, pinned: a change to
//! the signed wire format (a field renamed, reordered, a type's spelling) fails here before any
//! package in someone's hands stops opening. `UPDATE_GOLDEN=1` rewrites the pinned files, for a
//! deliberate new format only.

use ring::signature::{ED25519, Ed25519KeyPair, KeyPair, UnparsedPublicKey};

use crate::support::*;

/// An Ed25519 key from a fixed seed, as the PKCS#8 v2 document ring reads (RFC 8410 with the
/// public key attached).
fn fixed_key() -> phr_share::SigningKey {
    let seed = [7u8; 32];
    let pair = Ed25519KeyPair::from_seed_unchecked(&seed).unwrap();
    let mut pkcs8 =
        vec![0x30, 0x53, 0x02, 0x01, 0x01, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];
    pkcs8.extend_from_slice(&seed);
    pkcs8.extend_from_slice(&[0xa1, 0x23, 0x03, 0x21, 0x00]);
    pkcs8.extend_from_slice(pair.public_key().as_ref());
    phr_share::SigningKey::from_pkcs8(&pkcs8).unwrap()
}

fn golden(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/share/golden").join(name)
}

#[test]
fn the_manifest_bytes_are_pinned_and_the_signature_verifies_over_them() {
    let key = fixed_key();
    let code = phr_share::AccessCode::parse(CODE).unwrap();
    let package = phr_share::seal_with_work_factor(
        &consent(),
        &subject(),
        files(),
        &key,
        &phr_share::SealTo::AccessCode(code),
        FAST,
    )
    .unwrap();
    let opened = open(&package, &by_code()).unwrap();

    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(golden("manifest.json"), &opened.manifest_json).unwrap();
        std::fs::write(golden("manifest.sig"), &opened.manifest_sig).unwrap();
    }
    let pinned = std::fs::read(golden("manifest.json")).unwrap();
    assert!(
        opened.manifest_json == pinned,
        "the signed manifest's bytes changed; packages already made would no longer match this format.\nnow:\n{}",
        String::from_utf8_lossy(&opened.manifest_json)
    );
    // Ed25519 is deterministic: the same bytes and key give the same signature.
    assert_eq!(opened.manifest_sig, std::fs::read(golden("manifest.sig")).unwrap());

    let signature = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        String::from_utf8(opened.manifest_sig.clone()).unwrap().trim(),
    )
    .unwrap();
    UnparsedPublicKey::new(&ED25519, key.public_key()).verify(&pinned, &signature).unwrap();

    // The wire form reads back into the domain's consent unchanged.
    assert_eq!(phr_core::share::ShareConsent::from(opened.manifest.consent.clone()), consent());
    assert_eq!(phr_core::share::LeftOut::from(opened.manifest.left_out.clone()), consent().slice.left_out());
}
