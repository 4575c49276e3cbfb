//! The receipt code a handover shows is kept in the new vault until the person says they gave
//! it: it is there again after a lock and an unlock, with who to give it to, and gone once
//! given, which their log records.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;

use std::path::Path;
use std::sync::Arc;

use common::*;
use phr_app::*;

const NEW_PASS: &str = "copper meadow violin harbour";

fn app_at(dir: &Path) -> App {
    App::with_options(dir.to_path_buf(), AppOptions::with_clock(Arc::new(SystemClock), KdfProfile::Floor))
}

#[test]
fn the_receipt_is_shown_after_every_unlock_until_the_person_says_it_was_given() {
    let tmp = tempfile::tempdir().unwrap();
    let carer = app_at(&tmp.path().join("carer"));
    carer.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let emma = add_person_matching(&carer, SYNTHEA);
    let out = tmp.path().join("emma.phrhandover");
    let place = carer.file_chosen_for(&emma, FilePurpose::SaveHandover, vec![out.clone()]).unwrap().handle;
    let made = carer.handover_create_to(&emma, &place).unwrap();
    assert!(carer.handover_receipt(emma.as_str()).unwrap().is_none(), "the carer's vault keeps no receipt");

    let emma_app = app_at(&tmp.path().join("emma-vault"));
    let file = emma_app.file_chosen(FilePurpose::OpenHandover, vec![out]).unwrap().handle;
    let got = emma_app
        .handover_accept_from(&file, SecretString::new(made.code.clone()), Passphrase::new(NEW_PASS.to_owned()))
        .unwrap();
    let kept = emma_app.handover_receipt(&got.person_id).unwrap().unwrap();
    assert_eq!(kept.receipt, got.receipt);
    // Nobody in this record was named as a carer: the words say who without a name.
    assert_eq!(kept.give, format!("Give this receipt code to the person who handed your record over: {}", got.receipt));
    assert_eq!(kept.given, "I have given the code");

    // Closed before it was given: it is there again after unlocking.
    emma_app.lock();
    emma_app.unlock(Passphrase::new(NEW_PASS.to_owned())).unwrap();
    assert_eq!(emma_app.handover_receipt(&got.person_id).unwrap().unwrap().receipt, got.receipt);

    carer.handover_confirm(emma.as_str(), &got.receipt).unwrap();
    emma_app.handover_receipt_given(&got.person_id).unwrap();
    assert!(emma_app.handover_receipt(&got.person_id).unwrap().is_none());
    // Saying so is on record, once however many times it is said.
    emma_app.handover_receipt_given(&got.person_id).unwrap();
    let log = emma_app.audit_log(&got.person_id).unwrap();
    let given: Vec<_> = log.iter().filter(|e| e.action == AuditAction::HandoverReceiptGiven).collect();
    assert_eq!(given.len(), 1, "logged once");
    assert_eq!(given[0].what, "Gave the receipt code back to the person who handed the record over");
    assert_eq!(log.last().unwrap().action, AuditAction::HandoverReceiptGiven);
    emma_app.lock();
    emma_app.unlock(Passphrase::new(NEW_PASS.to_owned())).unwrap();
    assert!(emma_app.handover_receipt(&got.person_id).unwrap().is_none(), "gone for good once given");
}
