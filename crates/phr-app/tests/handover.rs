//! Handing a record over through the desktop's commands: the package is saved where the
//! person chose (a handle bound to the person, never a path from the webview) and gives its
//! one-time code; another app with no vault receives it with the code and a new password and
//! shows the receipt code; the carer's app removes the person only for the right receipt. A
//! wrong code, a wrong receipt and a choice made for someone else are refused, each next to
//! its field, and change nothing.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::string_slice)]

mod common;

use std::path::Path;
use std::sync::Arc;

use common::*;
use phr_app::*;

const NEW_PASS: &str = "copper meadow violin harbour";

fn app_at(dir: &Path) -> App {
    App::with_options(dir.to_path_buf(), AppOptions::with_clock(Arc::new(SystemClock), KdfProfile::Floor))
}

/// A carer's app with Emma and Bob in it, and a reading in Emma's record.
fn carer(dir: &Path) -> (App, PersonId, PersonId) {
    let app = app_at(&dir.join("carer"));
    app.create_vault(Passphrase::new(PASS.to_owned())).unwrap();
    let add = |name: &str, dob: &str| {
        app.add_person(PersonInput { name: name.into(), date_of_birth: dob.into(), nhs_number: None, role: None })
            .unwrap()
            .id
    };
    // "Emma": the person the Synthea record is about.
    let emma = add_person_matching(&app, SYNTHEA);
    let bob = add("Bob Smith", "1950-02-03");
    let file = app.file_chosen_for(&emma, FilePurpose::ImportFhir, vec![fixtures().join(SYNTHEA)]).unwrap().handle;
    assert!(app.import_chosen_files(&emma, &file).unwrap().added > 0);
    (app, emma, bob)
}

fn created(app: &App, person: &PersonId, out: &Path) -> HandoverCreated {
    let place = app.file_chosen_for(person, FilePurpose::SaveHandover, vec![out.to_path_buf()]).unwrap().handle;
    app.handover_create_to(person, &place).unwrap()
}

fn accept(app: &App, package: &Path, code: &str) -> Result<HandoverReceived, AppError> {
    let file = app.file_chosen(FilePurpose::OpenHandover, vec![package.to_path_buf()]).unwrap().handle;
    app.handover_accept_from(&file, SecretString::new(code.to_owned()), Passphrase::new(NEW_PASS.to_owned()))
}

fn refused(e: AppError, code: ErrorCode, field: ErrorField) {
    assert_eq!(e.code, code, "{e:?}");
    assert_eq!(e.field, Some(field), "{e:?}");
}

#[test]
fn a_record_handed_over_opens_in_a_new_vault_and_leaves_only_after_the_right_receipt() {
    let tmp = tempfile::tempdir().unwrap();
    let (carer, emma, bob) = carer(tmp.path());
    let before = carer.record_summary(&emma).unwrap().total;
    let name = carer.list_people().unwrap().into_iter().find(|p| p.id == emma).unwrap().name;
    let before_status = carer.handover_status(&emma).unwrap();
    assert!(!before_status.waiting, "nothing waits before a package is made");
    assert_eq!(before_status.first_name, name.split_whitespace().next().unwrap(), "called by their first name");

    let out = tmp.path().join("emma.phrhandover");
    let made = created(&carer, &emma, &out);
    assert_eq!(made.file_name, "emma.phrhandover");
    assert_eq!(made.code.len(), 19, "four groups of four: {}", made.code.len());
    assert!(out.is_file());
    assert!(carer.handover_status(&emma).unwrap().waiting);
    assert!(!carer.handover_status(&bob).unwrap().waiting, "only Emma's handover waits");

    // Emma's own app, with no vault yet.
    let emma_app = app_at(&tmp.path().join("emma-vault"));
    assert!(!emma_app.status().exists);
    let got = accept(&emma_app, &out, &made.code.to_lowercase()).unwrap();
    assert!(got.status.unlocked && got.status.exists, "the new vault is open");
    assert!(!got.recovery_key.is_empty());
    assert_eq!(got.receipt.len(), 9, "two groups of four: {}", got.receipt);
    let people = emma_app.list_people().unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].name, name);
    assert_eq!(emma_app.record_summary(&people[0].id).unwrap().total, before, "the record came whole");
    emma_app.lock();
    emma_app.unlock(Passphrase::new(NEW_PASS.to_owned())).unwrap();

    // Until the receipt comes back, the carer keeps Emma's record.
    refused(
        carer.handover_confirm(&emma, "0000-0000").unwrap_err(),
        ErrorCode::HandoverReceiptWrong,
        ErrorField::Receipt,
    );
    refused(carer.handover_confirm(&emma, "7KQM").unwrap_err(), ErrorCode::HandoverReceiptWrong, ErrorField::Receipt);
    assert_eq!(carer.record_summary(&emma).unwrap().total, before, "a wrong receipt removes nothing");
    assert!(carer.handover_status(&emma).unwrap().waiting);
    assert_eq!(carer.handover_confirm(&bob, &got.receipt).unwrap_err().code, ErrorCode::HandoverNotWaiting);

    carer.handover_confirm(&emma, &got.receipt.to_lowercase()).unwrap();
    let left: Vec<_> = carer.list_people().unwrap().into_iter().map(|p| p.id).collect();
    assert_eq!(left, vec![bob.clone()], "Emma is removed, Bob stays");
    assert_eq!(carer.handover_status(&emma).unwrap_err().code, ErrorCode::PersonNotFound);
}

#[test]
fn a_wrong_or_mistyped_code_is_refused_at_the_code_and_the_file_can_be_tried_again() {
    let tmp = tempfile::tempdir().unwrap();
    let (carer, emma, _) = carer(tmp.path());
    let out = tmp.path().join("emma.phrhandover");
    let made = created(&carer, &emma, &out);

    let dir = tmp.path().join("emma-vault");
    let emma_app = app_at(&dir);
    let file = emma_app.file_chosen(FilePurpose::OpenHandover, vec![out.clone()]).unwrap().handle;
    let try_code = |code: &str| {
        emma_app
            .handover_accept_from(&file, SecretString::new(code.to_owned()), Passphrase::new(NEW_PASS.to_owned()))
            .unwrap_err()
    };
    refused(try_code("K7QM-2XD9"), ErrorCode::HandoverCodeMalformed, ErrorField::HandoverCode);
    // Well formed (its check character matches) but not this package's.
    refused(try_code("0000-0000-0000-0000"), ErrorCode::HandoverWrongCode, ErrorField::HandoverCode);
    assert!(!emma_app.status().exists, "a wrong code makes no vault");
    assert!(!dir.exists() || std::fs::read_dir(&dir).unwrap().next().is_none());

    // The same choice, with the right code, still works.
    let got = emma_app
        .handover_accept_from(&file, SecretString::new(made.code.clone()), Passphrase::new(NEW_PASS.to_owned()))
        .unwrap();
    assert!(got.status.unlocked);
    assert!(carer.handover_status(&emma).unwrap().waiting, "the carer's copy waits for the receipt");
}

#[test]
fn a_handover_file_is_saved_only_where_it_was_chosen_for_that_person() {
    let tmp = tempfile::tempdir().unwrap();
    let (carer, emma, bob) = carer(tmp.path());
    let out = tmp.path().join("bob.phrhandover");
    let place = carer.file_chosen_for(&emma, FilePurpose::SaveHandover, vec![out.clone()]).unwrap().handle;
    refused(carer.handover_create_to(&bob, &place).unwrap_err(), ErrorCode::FileChoiceInvalid, ErrorField::Path);
    let place = carer.file_chosen(FilePurpose::SaveHandover, vec![out.clone()]).unwrap().handle;
    refused(carer.handover_create_to(&bob, &place).unwrap_err(), ErrorCode::FileChoiceInvalid, ErrorField::Path);
    let export = carer.file_chosen_for(&bob, FilePurpose::ExportFhir, vec![out.clone()]).unwrap().handle;
    refused(carer.handover_create_to(&bob, &export).unwrap_err(), ErrorCode::FileChoiceInvalid, ErrorField::Path);
    assert!(!out.exists(), "nothing written");
    assert!(!carer.handover_status(&bob).unwrap().waiting);

    // A file already there is not overwritten: the refusal is at the file.
    std::fs::write(&out, b"keep me").unwrap();
    let place = carer.file_chosen_for(&bob, FilePurpose::SaveHandover, vec![out.clone()]).unwrap().handle;
    let e = carer.handover_create_to(&bob, &place).unwrap_err();
    assert_eq!(e.field, Some(ErrorField::HandoverFile), "{e:?}");
    assert_eq!(std::fs::read(&out).unwrap(), b"keep me");
}

#[test]
fn a_handover_is_received_only_into_an_app_with_no_vault() {
    let tmp = tempfile::tempdir().unwrap();
    let (carer, emma, _) = carer(tmp.path());
    let out = tmp.path().join("emma.phrhandover");
    let made = created(&carer, &emma, &out);
    carer.lock();
    let e = accept(&carer, &out, &made.code).unwrap_err();
    assert_eq!(e.code, ErrorCode::HandoverTargetNotEmpty, "{e:?}");
    carer.unlock(Passphrase::new(PASS.to_owned())).unwrap();
    assert_eq!(carer.list_people().unwrap().len(), 2, "the carer's vault is as it was");
}

/// "Make a new handover file": a new package replaces the waiting one, so only the new
/// package's receipt finishes the handover.
#[test]
fn a_new_handover_file_replaces_the_old_one_and_only_its_receipt_finishes() {
    let tmp = tempfile::tempdir().unwrap();
    let (carer, emma, _) = carer(tmp.path());
    let first = tmp.path().join("first.phrhandover");
    let first_code = created(&carer, &emma, &first).code;
    let second = tmp.path().join("second.phrhandover");
    let second_code = created(&carer, &emma, &second).code;
    assert_ne!(first_code, second_code);

    let old = accept(&app_at(&tmp.path().join("old")), &first, &first_code).unwrap();
    refused(
        carer.handover_confirm(&emma, &old.receipt).unwrap_err(),
        ErrorCode::HandoverReceiptWrong,
        ErrorField::Receipt,
    );
    assert!(carer.handover_status(&emma).unwrap().waiting);

    let new = accept(&app_at(&tmp.path().join("new")), &second, &second_code).unwrap();
    carer.handover_confirm(&emma, &new.receipt).unwrap();
    assert_eq!(carer.list_people().unwrap().len(), 1);
}

/// The handover code on a page to print: saved only where chosen, readable only by its owner,
/// holding the code and what to do, and no one's name; a text that is not a code saves nothing.
#[test]
fn the_handover_code_can_be_saved_as_a_pdf_to_print() {
    let tmp = tempfile::tempdir().unwrap();
    let (carer, emma, _) = carer(tmp.path());
    let made = created(&carer, &emma, &tmp.path().join("emma.phrhandover"));
    let name = carer.list_people().unwrap().into_iter().find(|p| p.id == emma).unwrap().name;

    let out = tmp.path().join("code.pdf");
    let place = carer.file_chosen(FilePurpose::SavePdf, vec![out.clone()]).unwrap().handle;
    let saved = carer.save_handover_code_pdf_to(SecretString::new(made.code.clone()), &place).unwrap();
    assert_eq!(saved.display_name, "code.pdf");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    }
    if let Some(pages) = common::repo::pdf_pages(&out, "the handover code's page") {
        let text = pages.concat().split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains(&made.code), "the code as shown on screen:\n{text}");
        assert!(text.contains("Your handover code") && text.contains("I have been handed my record"));
        assert!(!text.contains(&name), "no one's name on the page");
    }

    let other = tmp.path().join("other.pdf");
    let place = carer.file_chosen(FilePurpose::SavePdf, vec![other.clone()]).unwrap().handle;
    refused(
        carer.save_handover_code_pdf_to(SecretString::new("not a code".into()), &place).unwrap_err(),
        ErrorCode::HandoverCodeMalformed,
        ErrorField::HandoverCode,
    );
    assert!(!other.exists());
}
