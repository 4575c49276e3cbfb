//! Files the person chose in a native dialog, kept here behind opaque one-time handles, so the
//! webview never names a path: a dialog's path is registered with what it was chosen for
//! ([`FilePurpose`]), the webview gets back a random handle and the file's name to show
//! ([`FileChoice`]), and the action command takes the handle.
//!
//! A handle is refused (FILE_CHOICE_INVALID) when it is unknown, already used, older than
//! [`CHOICE_LIFETIME`], or was chosen for another purpose (a file chosen to save a backup in
//! cannot be the FHIR file to import). An action that succeeds spends its handle; one refused
//! for something the person can put right (a mistyped passphrase or access code, a full disk)
//! leaves it for another try until it expires. Locking forgets every handle.
//!
//! A choice for a person's action ([`FilePurpose::is_a_persons`]) is bound to that person when it
//! is made: each `choose_*` dialog for such an action names the person
//! ([`crate::App::file_chosen_for`]), and the handle is refused (FILE_CHOICE_INVALID) for any
//! other person's action, so a file chosen on Ada's import page cannot be imported into Bob's
//! record. A choice made for no one ([`crate::App::file_chosen`]) serves no person's action.
//! The one exception is files dropped onto the window ([`crate::App::files_dropped`]): the
//! window does not know whose page they fell on, so they are bound at their first import, and
//! stay bound to that person when a refused import puts them back.
//!
//! The CLI takes paths as typed: the person named them, so no handle is needed there.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use phr_core::ErrorCode;

use crate::ErrorField;
use crate::dto::{AppError, FileChoice};

/// How long a choice waits for its action: long enough to read a screen and type a passphrase
/// or an access code after choosing the file, short enough that a forgotten choice cannot be
/// used much later.
pub const CHOICE_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// At most this many choices are waiting at once; the oldest goes first. A person has one or
/// two; a renderer opening dialogs in a loop must not grow memory without end.
const MAX_WAITING: usize = 16;

/// What a file was chosen for. Each action accepts only its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilePurpose {
    /// Where to save a new backup.
    SaveBackup,
    /// A backup to restore.
    RestoreBackup,
    /// FHIR files to import into a record (one or more).
    ImportFhir,
    /// Where to save an export of a whole record as FHIR.
    ExportFhir,
    /// Where to save an International Patient Summary for a health professional (its own
    /// purpose: a place chosen for the summary never takes the whole, unfiltered export).
    ExportIps,
    /// A device export to preview and import.
    DeviceFile,
    /// Where to save a person's readings as FHIR.
    ExportReadings,
    /// Where to save a new share package.
    SaveSharePackage,
    /// A share package to open.
    OpenSharePackage,
    /// The age identity that opens a package sealed to a key.
    ShareIdentity,
    /// The folder to save an opened package's files in.
    SaveOpenedShare,
    /// Where to save a printable PDF (the record summary, the blood pressure week, the
    /// recovery key).
    SavePdf,
    /// A PDF just saved, to open in the system's viewer (kept, not spent, so it can be opened
    /// again).
    OpenSavedPdf,
    /// Where to save a package handing a person's record over to them.
    SaveHandover,
    /// A handover package to receive into a new vault (chosen before any vault exists).
    OpenHandover,
    /// A letter or photo to keep in a person's record (an own document or decision).
    AttachDocument,
    /// Where to save a copy of a file kept in a person's record (unencrypted).
    SaveAttachment,
}

impl FilePurpose {
    /// Whether the action this choice is for acts on one person's record: such a choice is
    /// made for that person and serves no one else.
    pub fn is_a_persons(self) -> bool {
        matches!(
            self,
            FilePurpose::ImportFhir
                | FilePurpose::ExportFhir
                | FilePurpose::ExportIps
                | FilePurpose::DeviceFile
                | FilePurpose::ExportReadings
                | FilePurpose::SaveSharePackage
                | FilePurpose::SaveHandover
                | FilePurpose::AttachDocument
                | FilePurpose::SaveAttachment
        )
    }
}

/// Whose action a choice may serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Owner {
    /// This person's only: chosen on their page.
    Person(String),
    /// No person's: an action on the vault, a professional's package, or a PDF.
    NoOne,
    /// Files dropped onto the window: bound to the person of their first action.
    FirstAction,
}

/// A path (or paths) chosen for one purpose at one time.
#[derive(Clone)]
pub(crate) struct Chosen {
    purpose: FilePurpose,
    /// Whose action this choice may serve.
    owner: Owner,
    pub(crate) paths: Vec<PathBuf>,
    at: Instant,
}

/// The choices waiting for their action.
#[derive(Default)]
pub(crate) struct FileChoices {
    waiting: HashMap<String, Chosen>,
}

// A path often names the person ("margaret-evans.json") and a handle is a capability: Debug
// (the `App`'s included) shows only what each choice is for.
impl std::fmt::Debug for Chosen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chosen")
            .field("purpose", &self.purpose)
            .field("files", &self.paths.len())
            .field("bound_to_a_person", &matches!(self.owner, Owner::Person(_)))
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for FileChoices {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.waiting.values()).finish()
    }
}

impl FileChoices {
    /// Keeps `paths` chosen for `purpose` (for `owner`'s action) at `now`; `None` when nothing
    /// was chosen.
    pub(crate) fn add(
        &mut self,
        purpose: FilePurpose,
        owner: Owner,
        paths: Vec<PathBuf>,
        now: Instant,
    ) -> Option<FileChoice> {
        let first = paths.first()?;
        let display_name = match paths.len() {
            1 => crate::file_caps::file_name(first),
            n => format!("{} files", n),
        };
        let count = u32::try_from(paths.len()).unwrap_or(u32::MAX);
        self.waiting.retain(|_, c| !expired(c, now));
        while self.waiting.len() >= MAX_WAITING {
            let oldest = self.waiting.iter().min_by_key(|(_, c)| c.at).map(|(h, _)| h.clone());
            match oldest {
                Some(h) => self.waiting.remove(&h),
                None => break,
            };
        }
        let handle = new_handle()?;
        self.waiting.insert(handle.clone(), Chosen { purpose, owner, paths, at: now });
        Some(FileChoice { handle: handle.into(), display_name, count })
    }

    /// Takes the choice `handle` out for an action of `purpose` at `now`, for `person`'s
    /// record when the action is a person's: it is then no longer waiting, whatever happens.
    /// A handle named for the wrong purpose, another person, or (for a person's action) made
    /// for no one is forgotten too. Dropped files are bound to `person` here, and stay so when
    /// they are put back.
    pub(crate) fn take(
        &mut self,
        handle: &str,
        purpose: FilePurpose,
        person: Option<&str>,
        now: Instant,
    ) -> Result<Chosen, AppError> {
        let mut chosen = self.waiting.remove(handle).ok_or_else(invalid)?;
        if chosen.purpose != purpose || expired(&chosen, now) {
            return Err(invalid());
        }
        if let Some(person) = person {
            match &chosen.owner {
                Owner::Person(owner) if owner == person => {}
                Owner::FirstAction => chosen.owner = Owner::Person(person.to_owned()),
                Owner::Person(_) | Owner::NoOne => return Err(invalid()),
            }
        }
        Ok(chosen)
    }

    /// Puts a choice back after its action was refused, so the person can try again; it keeps
    /// its first time, so it still expires when it would have.
    pub(crate) fn put_back(&mut self, handle: &str, chosen: Chosen) {
        self.waiting.insert(handle.to_owned(), chosen);
    }

    /// Forgets every choice (at a lock).
    pub(crate) fn clear(&mut self) {
        self.waiting.clear();
    }
}

impl crate::App {
    /// [`crate::App::file_chosen`] for an action on `person_id`'s record: the handle is
    /// refused for any other person's action. Choosing counts as activity.
    pub fn file_chosen_for(&self, person_id: &str, purpose: FilePurpose, paths: Vec<PathBuf>) -> Option<FileChoice> {
        self.touch().ok()?;
        let mut choices = self.file_choices.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        choices.add(purpose, Owner::Person(person_id.to_owned()), paths, Instant::now())
    }

    /// Files dropped onto the window, kept as FHIR files to import: bound to the person of
    /// their first import (the window does not know whose page they fell on). Counts as
    /// activity.
    pub fn files_dropped(&self, paths: Vec<PathBuf>) -> Option<FileChoice> {
        self.touch().ok()?;
        let mut choices = self.file_choices.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        choices.add(FilePurpose::ImportFhir, Owner::FirstAction, paths, Instant::now())
    }
}

fn expired(c: &Chosen, now: Instant) -> bool {
    now.saturating_duration_since(c.at) > CHOICE_LIFETIME
}

/// 128 random bits as hex: unguessable, and meaning nothing outside this process.
fn new_handle() -> Option<String> {
    let rng = ring::rand::SystemRandom::new();
    let mut bytes = [0u8; 16];
    ring::rand::SecureRandom::fill(&rng, &mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The one refusal, whatever was wrong with the handle: the webview learns nothing more.
pub(crate) fn invalid() -> AppError {
    AppError::new(
        ErrorCode::FileChoiceInvalid,
        "The file chosen for this has expired or was not chosen here. Choose the file again.",
    )
    .on_field(ErrorField::Path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices_with(purpose: FilePurpose, now: Instant) -> (FileChoices, String) {
        let mut c = FileChoices::default();
        let choice =
            c.add(purpose, Owner::NoOne, vec![PathBuf::from("/home/sam/backups/record.phrbackup")], now).unwrap();
        (c, choice.handle.0)
    }

    #[test]
    fn a_choice_shows_only_the_file_name() {
        let mut c = FileChoices::default();
        let now = Instant::now();
        let one = c
            .add(FilePurpose::SaveBackup, Owner::NoOne, vec![PathBuf::from("/home/sam/backups/record.phrbackup")], now)
            .unwrap();
        assert_eq!(one.display_name, "record.phrbackup");
        assert_eq!(one.count, 1);
        assert_eq!(one.handle.0.len(), 32);
        let two =
            c.add(FilePurpose::ImportFhir, Owner::NoOne, vec!["/a/x.json".into(), "/b/y.json".into()], now).unwrap();
        assert_eq!((two.display_name.as_str(), two.count), ("2 files", 2));
        assert_ne!(one.handle, two.handle);
        assert!(c.add(FilePurpose::ImportFhir, Owner::NoOne, Vec::new(), now).is_none(), "nothing chosen, no handle");
    }

    #[test]
    fn a_handle_is_used_once() {
        let now = Instant::now();
        let (mut c, h) = choices_with(FilePurpose::SaveBackup, now);
        assert_eq!(c.take(&h, FilePurpose::SaveBackup, None, now).unwrap().paths.len(), 1);
        assert_eq!(c.take(&h, FilePurpose::SaveBackup, None, now).unwrap_err().code, ErrorCode::FileChoiceInvalid);
    }

    #[test]
    fn a_handle_for_one_purpose_is_refused_for_another_and_forgotten() {
        let now = Instant::now();
        let (mut c, h) = choices_with(FilePurpose::SaveBackup, now);
        assert_eq!(c.take(&h, FilePurpose::ImportFhir, None, now).unwrap_err().code, ErrorCode::FileChoiceInvalid);
        assert!(c.take(&h, FilePurpose::SaveBackup, None, now).is_err(), "a misused handle is gone");
    }

    #[test]
    fn an_unknown_handle_is_refused() {
        let now = Instant::now();
        let (mut c, _) = choices_with(FilePurpose::SaveBackup, now);
        let e = c.take("/etc/passwd", FilePurpose::SaveBackup, None, now).unwrap_err();
        assert_eq!(e.code, ErrorCode::FileChoiceInvalid);
        assert_eq!(e.field, Some(ErrorField::Path));
    }

    #[test]
    fn a_handle_expires() {
        let now = Instant::now();
        let (mut c, h) = choices_with(FilePurpose::RestoreBackup, now);
        let later = now + CHOICE_LIFETIME + Duration::from_secs(1);
        assert_eq!(c.take(&h, FilePurpose::RestoreBackup, None, later).unwrap_err().code, ErrorCode::FileChoiceInvalid);
    }

    #[test]
    fn a_refused_action_can_try_again_until_expiry() {
        let now = Instant::now();
        let (mut c, h) = choices_with(FilePurpose::RestoreBackup, now);
        let taken = c.take(&h, FilePurpose::RestoreBackup, None, now).unwrap();
        c.put_back(&h, taken);
        let taken = c.take(&h, FilePurpose::RestoreBackup, None, now + Duration::from_secs(60)).unwrap();
        c.put_back(&h, taken);
        assert!(c.take(&h, FilePurpose::RestoreBackup, None, now + CHOICE_LIFETIME + Duration::from_secs(1)).is_err());
    }

    #[test]
    fn debug_shows_neither_paths_nor_handles() {
        let (c, h) = choices_with(FilePurpose::SaveBackup, Instant::now());
        let shown = format!("{c:?}");
        assert!(!shown.contains("record.phrbackup") && !shown.contains(&h), "{shown}");
        assert!(shown.contains("SaveBackup"), "{shown}");
    }

    #[test]
    fn waiting_choices_are_bounded_and_cleared() {
        let now = Instant::now();
        let mut c = FileChoices::default();
        let first = c.add(FilePurpose::DeviceFile, Owner::NoOne, vec!["/a.csv".into()], now).unwrap();
        for i in 0..40u64 {
            c.add(FilePurpose::DeviceFile, Owner::NoOne, vec!["/b.csv".into()], now + Duration::from_millis(i + 1))
                .unwrap();
        }
        assert_eq!(c.waiting.len(), MAX_WAITING);
        assert!(c.take(&first.handle, FilePurpose::DeviceFile, None, now).is_err(), "the oldest went first");
        c.clear();
        assert!(c.waiting.is_empty());
    }

    #[test]
    fn a_choice_made_for_one_person_is_refused_for_another_and_forgotten() {
        let now = Instant::now();
        let mut c = FileChoices::default();
        let h = c.add(FilePurpose::ImportFhir, ada(), vec!["/a/ada.json".into()], now).unwrap().handle.0;
        let e = c.take(&h, FilePurpose::ImportFhir, Some("bob"), now).unwrap_err();
        assert_eq!(e.code, ErrorCode::FileChoiceInvalid);
        assert!(c.take(&h, FilePurpose::ImportFhir, Some("ada"), now).is_err(), "a misused handle is gone");
        let h = c.add(FilePurpose::ImportFhir, ada(), vec!["/a/ada.json".into()], now).unwrap().handle.0;
        assert!(c.take(&h, FilePurpose::ImportFhir, Some("ada"), now).is_ok());
    }

    fn ada() -> Owner {
        Owner::Person("ada".to_owned())
    }

    #[test]
    fn a_choice_made_for_no_one_serves_no_persons_action() {
        let now = Instant::now();
        let mut c = FileChoices::default();
        for purpose in [FilePurpose::ImportFhir, FilePurpose::DeviceFile, FilePurpose::ExportFhir] {
            let h = c.add(purpose, Owner::NoOne, vec!["/a/meter.csv".into()], now).unwrap().handle.0;
            let e = c.take(&h, purpose, Some("ada"), now).unwrap_err();
            assert_eq!(e.code, ErrorCode::FileChoiceInvalid, "{purpose:?}");
            assert!(c.take(&h, purpose, None, now).is_err(), "a misused handle is gone");
        }
    }

    #[test]
    fn dropped_files_are_bound_at_their_first_action() {
        let now = Instant::now();
        let mut c = FileChoices::default();
        // A refused import for Ada, put back, cannot then go to Bob.
        let h = c.add(FilePurpose::ImportFhir, Owner::FirstAction, vec!["/a/x.json".into()], now).unwrap().handle.0;
        let taken = c.take(&h, FilePurpose::ImportFhir, Some("ada"), now).unwrap();
        c.put_back(&h, taken);
        assert!(c.take(&h, FilePurpose::ImportFhir, Some("bob"), now).is_err());
    }

    #[test]
    fn a_persons_purposes_are_the_actions_on_one_record() {
        for p in [
            FilePurpose::ImportFhir,
            FilePurpose::ExportFhir,
            FilePurpose::ExportIps,
            FilePurpose::DeviceFile,
            FilePurpose::ExportReadings,
            FilePurpose::SaveSharePackage,
        ] {
            assert!(p.is_a_persons(), "{p:?}");
        }
        for p in [FilePurpose::SaveBackup, FilePurpose::OpenSharePackage, FilePurpose::SavePdf] {
            assert!(!p.is_a_persons(), "{p:?}");
        }
    }

    #[test]
    fn a_choice_for_no_one_person_serves_an_action_that_is_no_persons() {
        let now = Instant::now();
        let mut c = FileChoices::default();
        let h = c.add(FilePurpose::SavePdf, ada(), vec!["/a/summary.pdf".into()], now).unwrap().handle.0;
        assert!(c.take(&h, FilePurpose::SavePdf, None, now).is_ok(), "the person's own choice, no person asked");
    }
}
