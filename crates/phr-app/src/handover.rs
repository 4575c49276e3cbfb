//! Handing a record over to its person: the package and its one-time code on the carer's
//! side, the new vault and its receipt code on the person's side, and the carer's copy
//! removed when the receipt comes back (`phr_vault`'s `handover` does the work).

use std::path::Path;

use phr_core::passphrase::Passphrase;
use phr_core::secret::SecretString;
use phr_vault::{HandoverCode, Vault};
use serde::Serialize;

use crate::ErrorField;
use crate::app::{App, person_id};
use crate::dto::AppError;
use crate::dto::VaultStatus;
use crate::dto_ids::PersonId;
use crate::error_code::ErrorCode;
use serde::Deserialize;
use ts_rs::TS;

/// A handover package made: where it is and the code it is sealed to (shown once).
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HandoverMade {
    pub person_id: String,
    pub path: String,
    /// The one-time handover code, "K7QM-2XD9-4HRT-8WP5": given to the person by another
    /// way than the package; never stored.
    pub code: String,
}
phr_core::redacted_debug!(HandoverMade { person_id });

/// A record received by handover into a new vault, now unlocked.
#[derive(Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HandoverReceived {
    pub person_id: String,
    /// The new vault's recovery key, shown only now.
    pub recovery_key: String,
    /// The short code to type into the carer's app, which then removes its copy.
    pub receipt: String,
    pub status: VaultStatus,
}
phr_core::redacted_debug!(HandoverReceived { person_id });

impl App {
    /// Writes a handover package of the person's record to `out` and returns the code it is
    /// sealed to. Nothing is removed from this vault until the receipt comes back.
    /// A handover is an export of the whole record: refused when the person's limits do not
    /// let their carer export (they can hand it over themselves, with their own access open),
    /// and while the carer's access is paused for a review, not for the 16th birthday. The
    /// record of someone with their own access is handed over only with it open.
    pub fn handover_create(&self, person: &str, out: &Path) -> Result<HandoverMade, AppError> {
        let id = self.handover_person(person)?;
        self.carer_may(&id, phr_core::carer_limits::CarerPermission::Export)?;
        self.with_vault(|v| {
            // Someone with their own access hands over with it open: the package then carries
            // their own key's signature that the record is theirs (else OWN_ACCESS_NEEDED).
            let code = self.with_own_session(&id, |open| match open {
                Some(session) => v.create_handover_as_owner(session, out),
                None => v.create_handover(&id, out),
            })?;
            Ok(HandoverMade {
                person_id: id.to_string(),
                path: out.display().to_string(),
                code: code.as_str().to_owned(),
            })
        })
    }

    /// Receives a handover package into this app's vault folder (new or empty) as a new vault
    /// with `new_password`, and leaves it unlocked. The recovery key and the receipt code are
    /// returned once, here.
    pub fn handover_accept(
        &self,
        package: &Path,
        code: SecretString,
        new_password: Passphrase,
    ) -> Result<HandoverReceived, AppError> {
        use crate::file_caps::{self, FileKind, MAX_HANDOVER_BYTES};
        file_caps::check_size(package, MAX_HANDOVER_BYTES, FileKind::Handover, crate::ErrorField::Path)?;
        crate::app::check_new(&new_password, crate::ErrorField::Passphrase)?;
        let code = HandoverCode::parse(code.expose_secret())?;
        let (status, (person, recovery_key, receipt)) = self.open_made_vault(|dir, kdf, clock| {
            let got = Vault::accept_handover(package, &code, dir, &new_password, kdf, clock)?;
            let shown = got.recovery_key.display().to_string();
            Ok((got.vault, (got.person_id.to_string(), shown, got.receipt.as_str().to_owned())))
        })?;
        Ok(HandoverReceived { person_id: person, recovery_key, receipt, status })
    }

    /// Finishes a handover with the receipt code the other side showed: the person is removed
    /// from this vault (their key first, then their files). A wrong receipt removes nothing.
    pub fn handover_confirm(&self, person: &str, receipt: &str) -> Result<(), AppError> {
        let id = person_id(person)?;
        self.with_vault(|v| Ok(v.confirm_handover(&id, receipt)?)).map_err(placed)
    }

    /// Whether a handover of the person's record is waiting for its receipt code.
    pub fn handover_status(&self, person: &str) -> Result<HandoverStatus, AppError> {
        let id = person_id(person)?;
        self.with_vault(|v| {
            let people = v.people()?;
            let Some(person) = people.iter().find(|p| p.id == id) else {
                return Err(AppError::new(ErrorCode::PersonNotFound, "No person with that id is in this vault"));
            };
            Ok(HandoverStatus {
                person_id: PersonId(id.to_string()),
                waiting: v.handover_pending(&id),
                first_name: phr_core::person_name::first_name(&person.details.name).to_owned(),
            })
        })
    }
}

/// The receipt code a handover gave this vault, kept until the person says they gave it
/// back, with what to do with it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HandoverReceipt {
    pub person_id: PersonId,
    /// "7KQM-2XD9".
    pub receipt: String,
    /// "Give this receipt code to Sarah: 7KQM-2XD9", or to "the person who handed your
    /// record over" when the record does not say who that was.
    pub give: String,
    /// What happens when it is given.
    pub what_it_does: String,
    /// The button: "I have given the code".
    pub given: String,
}
phr_core::redacted_debug!(HandoverReceipt { person_id });

/// Who handed the record over, by first name: the last carer named in the record's history.
fn carer_name(v: &Vault, id: &phr_vault::PersonId) -> Option<String> {
    let log = v.audit_log(id).ok()?;
    log.iter().rev().find_map(|r| match &r.actor {
        Some(phr_core::audit::Actor::Carer { name: Some(n) }) => Some(n.clone()),
        _ => None,
    })
}

impl App {
    /// The receipt code kept for the person's record since it was handed over, until
    /// [`App::handover_receipt_given`]; `None` then, and for a record that did not come by
    /// handover. Shown after every unlock so closing the app does not lose it.
    pub fn handover_receipt(&self, person: &str) -> Result<Option<HandoverReceipt>, AppError> {
        let id = person_id(person)?;
        self.with_vault(|v| {
            let Some(code) = v.handover_receipt(&id)? else { return Ok(None) };
            let to = carer_name(v, &id).unwrap_or_else(|| "the person who handed your record over".to_owned());
            Ok(Some(HandoverReceipt {
                person_id: PersonId(id.to_string()),
                receipt: code.as_str().to_owned(),
                give: format!("Give this receipt code to {to}: {}", code.as_str()),
                what_it_does: "When they type it into their app, their copy of your record is removed. Until then, they still have it.".to_owned(),
                given: "I have given the code".to_owned(),
            }))
        })
    }

    /// The person has given the receipt code back: it is no longer kept or shown.
    pub fn handover_receipt_given(&self, person: &str) -> Result<(), AppError> {
        let id = person_id(person)?;
        self.with_vault(|v| Ok(v.receipt_given(&id)?))
    }
}

/// A handover package saved where the person chose, and the code it is sealed to.
#[derive(Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HandoverCreated {
    pub person_id: PersonId,
    /// The package file's name without its folders, to say where it was saved.
    pub file_name: String,
    /// The one-time handover code, "K7QM-2XD9-4HRT-8WP5": shown once, never stored.
    pub code: String,
}
phr_core::redacted_debug!(HandoverCreated { person_id });

/// Whether a handover of a person's record is waiting for its receipt code, and the name the
/// handover screens call them by.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HandoverStatus {
    pub person_id: PersonId,
    /// A package was made and the receipt code has not come back yet.
    pub waiting: bool,
    /// Their first name ("Emma"), for `{name}` in the handover words.
    pub first_name: String,
}
phr_core::redacted_debug!(HandoverStatus { person_id, waiting });

/// Puts a handover refusal next to the input it is about: the code, the receipt, the file.
pub(crate) fn placed(e: AppError) -> AppError {
    let field = match e.code {
        ErrorCode::HandoverCodeMalformed | ErrorCode::HandoverWrongCode => Some(ErrorField::HandoverCode),
        ErrorCode::HandoverReceiptWrong => Some(ErrorField::Receipt),
        ErrorCode::HandoverPackageDamaged | ErrorCode::UnsupportedVersion => Some(ErrorField::HandoverFile),
        _ => None,
    };
    match field {
        Some(f) if e.field.is_none() || e.field == Some(ErrorField::Path) => e.on_field(f),
        _ => e,
    }
}

/// The words of handing a record over, on both sides. `{name}` stands for the first name of
/// the person whose record it is; the screens put it in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HandoverWords {
    /// "Hand over {name}'s record": the button, and the heading of its page.
    pub hand_over: String,
    /// What handing over means, in short paragraphs.
    pub explain: Vec<String>,
    /// "Save the handover file": the button that opens the Save dialog.
    pub save_file: String,
    /// "Your handover code": the heading above the code.
    pub code_heading: String,
    /// Under the code: write it down, who needs it.
    pub code_hint: String,
    /// That the code is shown only once.
    pub code_once: String,
    /// After the code's page is saved as a PDF: what to do with the file.
    pub pdf_after: String,
    /// "Waiting for {name}'s receipt code": the heading of the last step.
    pub waiting: String,
    /// What the receipt code is and where it comes from.
    pub waiting_hint: String,
    /// "Receipt code": the field's label.
    pub receipt_label: String,
    /// The field's hint: what it looks like.
    pub receipt_hint: String,
    /// "Finish handing over": the button.
    pub finish: String,
    /// "Make a new handover file": when the code was lost or the file did not arrive.
    pub make_new: String,
    /// What making a new file does to the old one.
    pub make_new_hint: String,
    /// The confirmation before the record is removed.
    pub finish_warning: String,
    /// "Yes, remove {name}'s record": the confirming button.
    pub finish_confirm: String,
    /// Said on People after the record was removed.
    pub finished: String,

    /// "I have been handed my record": the link on the first screen, and its page's heading.
    pub received_link: String,
    /// What receiving means, on the first screen.
    pub received_explain: String,
    /// "Choose the handover file": the button that opens the Open dialog.
    pub choose_file: String,
    /// "Handover code": the field's label.
    pub code_label: String,
    /// The code field's hint.
    pub code_field_hint: String,
    /// "Open my record": the button.
    pub open: String,
    /// "Give this receipt code back": the heading above the receipt code.
    pub receipt_heading: String,
    /// What to do with the receipt code.
    pub receipt_what_to_do: String,
    /// "Go to my record": the button after.
    pub receipt_done: String,
    /// "Back to {name}": the link back to the person's page.
    pub back: String,
    /// "The handover file is saved as": before the file's name.
    pub file_saved_as: String,
    /// "I have written it down or printed it": the button after the code.
    pub written: String,
    /// "Not yet": keeps the record, in the confirmation.
    pub not_yet: String,
    /// "Handover file": the label of the file chosen on the receiving side.
    pub file_label: String,
    /// "No file chosen".
    pub no_file: String,
    /// "Choose a different file".
    pub choose_other: String,
    /// "Opening your record…": while the new record is made.
    pub opening: String,
    /// "Back to set-up": the link back to the first screen.
    pub back_to_setup: String,
    /// That the receipt code is shown only once.
    pub receipt_once: String,
}

/// The handover words, for the vocabulary.
pub(crate) fn words() -> HandoverWords {
    let s = |t: &str| t.to_owned();
    HandoverWords {
        hand_over: s("Hand over {name}'s record"),
        explain: vec![
            s(
                "{name} will have their own copy of their record, with all its history, to keep on their own computer, or in a new record on this one with its own password.",
            ),
            s(
                "First you save a handover file. Then we show you a handover code: {name} needs the file and the code to open their record.",
            ),
            s(
                "This app keeps {name}'s record until {name}'s app gives you a receipt code. When you type it here, {name}'s record is removed from this app.",
            ),
        ],
        save_file: s("Save the handover file"),
        code_heading: s("The handover code"),
        code_hint: s(
            "Write this down or print it: {name} needs it to open the file. Give it to {name} yourself, not with the file.",
        ),
        code_once: s("We will only show this code once."),
        pdf_after: s(
            "Once you have printed it, delete the PDF file and empty the bin. Anyone who finds it and the handover file could open the record.",
        ),
        waiting: s("Waiting for {name}'s receipt code"),
        waiting_hint: s(
            "When {name} opens the file, their app shows a receipt code. Type it here to finish handing over.",
        ),
        receipt_label: s("Receipt code"),
        receipt_hint: s("8 letters and numbers, like 7KQM-2XD9"),
        finish: s("Finish handing over"),
        make_new: s("Make a new handover file"),
        make_new_hint: s(
            "If the handover code was lost, or {name} cannot open the file, make a new one. The receipt code from the old file will then no longer work.",
        ),
        finish_warning: s("{name}'s record will be removed from this app. This cannot be undone."),
        finish_confirm: s("Yes, remove {name}'s record from this app"),
        finished: s("{name}'s record has been handed over and removed from this app."),
        received_link: s("I have been handed my record"),
        received_explain: s(
            "If someone who looked after your record has given you a handover file and a handover code, you can open your record here with its own password.",
        ),
        choose_file: s("Choose the handover file"),
        code_label: s("Handover code"),
        code_field_hint: s("16 letters and numbers, like K7QM-2XD9-4HRT-8WP5"),
        open: s("Open my record"),
        receipt_heading: s("Give this receipt code back"),
        receipt_what_to_do: s(
            "Tell this code to the person who handed your record over. When they type it into their app, their copy of your record is removed. Until then, they still have it.",
        ),
        receipt_done: s("Go to my record"),
        back: s("Back to {name}"),
        file_saved_as: s("The handover file is saved as"),
        written: s("I have written it down or printed it"),
        not_yet: s("Not yet"),
        file_label: s("Handover file"),
        no_file: s("No file chosen"),
        choose_other: s("Choose a different file"),
        opening: s("Opening your record…"),
        back_to_setup: s("Back to set-up"),
        receipt_once: s("Write it down before you go on: we will only show it once."),
    }
}
