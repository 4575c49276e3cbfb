//! Share packages: the archive and manifest checks without the crypto, `phr_share::open` with
//! a fixed identity, and a shared document read back and rendered as its summary page.

use phr_core::share::{
    LeftOut, ShareConsent, ShareRecipient, ShareSlice, SharedDocument, read_document, render_summary,
};
use phr_share::{OpenedPackage, RECORD_FILE, Unlock};

/// The identity the `share_open` corpus is sealed to: a test-only key, made for the fuzz
/// corpus and the golden package (tests/fixtures/golden/README.md), guarding nothing.
pub const FUZZ_IDENTITY: &str = "AGE-SECRET-KEY-1LDXMRQ8W287TK7UDA48THVDFR0LUDACY22EJLPX249RA6YWZFKYQ9FA4UF";

/// The recipient of [`FUZZ_IDENTITY`].
pub const FUZZ_RECIPIENT: &str = "age1zy206kw0xap5heuc9z64k3txcknwz3824gcaqknzrxag5fqt39pq8lwlwx";

/// `data` as the decrypted contents of a package: the archive, the signed manifest, each
/// file's size and hash, expiry; then what the professional's app shows of it.
pub fn share_archive(data: &[u8]) {
    if let Ok(opened) = phr_share::fuzz_seams::open_unsealed(data, crate::now()) {
        show(&opened);
    }
}

/// `data` as a package opened with [`FUZZ_IDENTITY`]; then what the professional's app
/// shows of it.
pub fn share_open(data: &[u8]) {
    let unlock = Unlock::Identity(format!("# fuzz identity\n{FUZZ_IDENTITY}\n").into());
    if let Ok(opened) = phr_share::open(data, &unlock, crate::now()) {
        show(&opened);
    }
}

/// `data` as a package's record file: read back into rows, then the summary page made of it.
pub fn share_document(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(doc) = read_document(text) else { return };
    let _ = render_summary(&consent_for(&doc), &doc, "3F2A 91C0 7B44 E1D2 0A9C 55E3 1F0B 8C7D");
}

/// What the app does with a package that opened: the consent and what was left out in the
/// domain's words, the record read back, and the summary page rendered from it.
fn show(opened: &OpenedPackage) {
    let consent = ShareConsent::from(opened.manifest.consent.clone());
    let _ = LeftOut::from(opened.manifest.left_out.clone());
    let _ = consent.slice.left_out();
    let Some(record) = opened.files.iter().find(|f| f.name == RECORD_FILE) else { return };
    let Ok(text) = std::str::from_utf8(&record.bytes) else { return };
    let Ok(doc) = read_document(text) else { return };
    let _ = render_summary(&consent, &doc, &opened.signer_fingerprint);
}

/// A consent that admits everything the document holds, naming whom its Consent names.
fn consent_for(doc: &SharedDocument) -> ShareConsent {
    let said = doc.consent.as_ref();
    ShareConsent {
        share_id: "5b0c2f1e-8a7d-4c3b-9e21-0f6a4d2c9b17".to_owned(),
        recipient: ShareRecipient {
            name: said.and_then(|c| c.recipient.clone()).unwrap_or_default(),
            role: None,
            organisation: None,
            ods_code: None,
            public_key: None,
        },
        purpose: said.and_then(|c| c.purpose.clone()).unwrap_or_default(),
        slice: ShareSlice {
            categories: doc.sections.iter().map(|s| s.kind).collect(),
            readings: doc.readings.iter().map(|r| r.kind).collect(),
            ..ShareSlice::default()
        },
        created: crate::now(),
        not_after: crate::now(),
        made_by: None,
    }
}
