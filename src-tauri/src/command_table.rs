// The command table: every command the webview may invoke and every event the backend sends
// it, declared once. Nothing else in the repository lists them by hand.
//
// This file is `include!`d twice, so it holds only the two macro invocations (no `use`, no
// inner doc comment): by `src/commands.rs`, which expands it into the Tauri command
// functions, the `generate_handler!` list and the typed `COMMANDS`/`EVENTS` tables; and by
// `build.rs`, which keeps only the names for the app manifest. `tests/boundary.rs` then
// generates `capabilities/main.json` and `ui/src/commands.ts` from those tables and fails
// when either is stale.
//
// How to add a command: add one entry here (a doc line, the arguments with their Rust types,
// `-> Result<T>`, and a one-line body that forwards to an `App` method or to a function in
// `dialogs.rs` or `links.rs`), then run `UPDATE_BINDINGS=1 cargo test -p phr-desktop` and commit what it
// rewrites; then give the browser suites' mock backend (`ui/browser-tests/mock-backend.mjs`)
// the same command (`ui/src/mock-backend.test.ts` fails until it has exactly the table's).
//
// The shape of an entry:
//   /// What it does, for people reading `commands.ts`.
//   fn name(app, arg: RustType, ...) -> Result<T> { app.method(...) }
// - `app` is the `phr_app::App`; write `app + handle` to have the Tauri `AppHandle` too (for
//   dialogs and events).
// - Arguments arrive camelCase from JS (`person_id` is `personId`). An argument whose Rust type
//   has no TypeScript binding (a zeroizing secret) says what it is on the wire:
//   `passphrase: Passphrase as "string"`.
// - Every command returns `Result<T>`: the UI sees `T`, and a failure is the promise's
//   rejection, an `AppError`. A command that cannot fail returns `Ok(...)`.

commands! {
    // --- the vault ---

    /// Every user-facing word and limit the interface shows: categories, labels, statuses,
    /// flags, reading kinds, units, expiry presets and the forms' limits.
    fn vocabulary(app) -> Result<Vocabulary> { Ok(app.vocabulary()) }

    /// This app's version and the versions of the formats it reads and writes (the vault, its
    /// backups and shared records), with the words the About screen shows.
    fn about(app) -> Result<About> { Ok(app.about()) }

    /// The shared record or backup the desktop asked the app to open at start-up (a
    /// double-clicked `.phrshare` or `.phrbackup`), as a choice for its screen, once; null when
    /// there is none. A later launch sends `file-opened` instead.
    fn opened_file(app + handle) -> Result<Option<OpenedFile>> { Ok(crate::opened::take(&handle, &app)) }

    /// Today by the backend's clock, and the dates that follow from it (each expiry preset's
    /// last day, the latest last day, the readings range a new share starts with).
    fn today(app) -> Result<Today> { Ok(app.today()) }

    /// Whether a vault exists here and whether it is unlocked.
    fn vault_status(app) -> Result<VaultStatus> { Ok(app.status()) }

    /// Creates a new vault with this passphrase; the result carries the one-time recovery key.
    fn create_vault(app, passphrase: Passphrase as "string") -> Result<CreatedVault> { app.create_vault(passphrase) }

    /// Unlocks the vault with the passphrase, then starts the background check for damage
    /// (see `background_check`).
    fn unlock(app + handle, passphrase: Passphrase as "string") -> Result<VaultStatus> { crate::record_check::after_unlock(&handle, app.unlock(passphrase)) }

    /// Locks the vault now.
    fn lock(app) -> Result<VaultStatus> { Ok(app.lock()) }

    /// Unlocks with the recovery key and sets a new passphrase, then starts the background
    /// check for damage.
    fn recover(app + handle, recovery_key: SecretString as "string", new_passphrase: Passphrase as "string") -> Result<VaultStatus> { crate::record_check::after_unlock(&handle, app.recover(recovery_key, new_passphrase)) }

    /// Asks in a native Save dialog where to save the recovery key (as `create_vault` or
    /// `rotate_keys` gave it) on a page to print, and saves it there as a PDF readable only by
    /// this user; the saved file as a choice for `open_saved_pdf`, or null when cancelled.
    fn save_recovery_key_pdf(app + handle, recovery_key: SecretString as "string") -> Result<Option<FileChoice>> { dialogs::save_recovery_key_pdf(&handle, &app, recovery_key) }

    /// Changes the passphrase, given the current one.
    fn change_passphrase(app, current: Passphrase as "string", new_passphrase: Passphrase as "string") -> Result<()> { app.change_passphrase(current, new_passphrase) }

    /// Changes the passphrase and every key that locks the record; the result carries the new
    /// one-time recovery key.
    fn rotate_keys(app, current: Passphrase as "string", new_passphrase: Passphrase as "string") -> Result<NewKeys> { app.rotate_keys(current, new_passphrase) }

    /// Makes a new recovery key (the old one stops working), given the passphrase.
    fn new_recovery_key(app, passphrase: Passphrase as "string") -> Result<NewKeys> { app.new_recovery_key(passphrase) }

    /// A strong passphrase the person may choose to use.
    fn suggest_passphrase(app) -> Result<String> { Ok(app.suggest_passphrase()) }

    /// How strong a new passphrase would be: the backend's estimate, its label ("Weak",
    /// "Fair", "Strong") and advice, for the hint beside a new-passphrase field. Needs no
    /// vault; stores nothing.
    fn passphrase_strength(app, passphrase: Passphrase as "string") -> Result<PassphraseStrength> { Ok(app.passphrase_strength(passphrase)) }

    /// The UI calls this on keyboard and pointer activity so auto-lock counts real idleness.
    fn keep_alive(app) -> Result<()> { app.touch() }

    // --- people ---

    /// Everyone whose record is kept in this vault.
    fn list_people(app) -> Result<Vec<Person>> { app.list_people() }

    /// Adds a person.
    fn add_person(app, input: PersonInput) -> Result<Person> { app.add_person(input) }

    /// Every problem with a person's details, in field order: the checks `add_person` and
    /// `update_person` make, with nothing stored. Works with the vault locked.
    fn check_person(app, input: PersonInput) -> Result<Vec<AppError>> { Ok(app.check_person(&input)) }

    /// `check_person` for changing the details of the person `id`: they are not compared with
    /// themselves for someone already added or a second "me".
    fn check_person_update(app, id: PersonId, input: PersonInput) -> Result<Vec<AppError>> { Ok(app.check_person_update(&id, &input)) }

    /// Changes a person's details.
    fn update_person(app, id: PersonId, input: PersonInput) -> Result<Person> { app.update_person(&id, input) }

    /// Records that the holder checked they still have the right to look after the cared-for
    /// person `id`'s record, with the next review date (`YYYY-MM-DD`; null: a year from today).
    fn mark_review_done(app, id: PersonId, next_review_on: Option<String>) -> Result<Person> { app.mark_review_done(&id, next_review_on.as_deref()) }

    /// Deletes a person and their whole record; `confirm_name` must be their name.
    fn delete_person(app, id: PersonId, confirm_name: String) -> Result<()> { app.delete_person(&id, &confirm_name) }

    /// What was done to a person's record, newest first.
    fn audit_log(app, person_id: PersonId) -> Result<Vec<AuditEntry>> { app.audit_log(&person_id) }

    /// Checks the audit log's hash chain for one person, or everyone when `person_id` is null.
    fn verify_audit(app, person_id: Option<PersonId>) -> Result<Vec<AuditReport>> { app.verify_audit(person_id.as_deref()) }

    /// Who did what on a person's record, by who did it (their carer, the person, you), each
    /// in plain words with its en-GB time, newest first.
    fn carer_activity(app, person_id: PersonId) -> Result<CarerActivity> { app.carer_activity(&person_id) }

    // --- handing a record over ---

    /// The native Save dialog for a package handing this person's record over (the choice
    /// serves no one else's); null when the person cancels.
    fn choose_handover_path(app + handle, person_id: PersonId) -> Result<Option<FileChoice>> { Ok(dialogs::choose_handover_path(&handle, &app, &person_id)) }

    /// Writes the handover package where the person chose (`choice`, from
    /// `choose_handover_path`); the one-time handover code, shown once. Nothing is removed
    /// until `handover_confirm`.
    fn handover_create(app, person_id: PersonId, choice: FileHandle) -> Result<HandoverCreated> { app.handover_create_to(&person_id, &choice) }

    /// Asks in a native Save dialog where to save the handover code (as `handover_create` gave
    /// it) on a page to print, and saves it there as a PDF readable only by this user; the saved
    /// file as a choice for `open_saved_pdf`, or null when cancelled.
    fn save_handover_code_pdf(app + handle, code: SecretString as "string") -> Result<Option<FileChoice>> { dialogs::save_handover_code_pdf(&handle, &app, code) }

    /// Whether a handover of the person's record is waiting for its receipt code.
    fn handover_status(app, person_id: PersonId) -> Result<HandoverStatus> { app.handover_status(&person_id) }

    /// Finishes a handover with the receipt code the other app showed: the person is removed
    /// from this vault. A wrong receipt removes nothing (HANDOVER_RECEIPT_WRONG).
    fn handover_confirm(app, person_id: PersonId, receipt: String) -> Result<()> { app.handover_confirm(&person_id, &receipt) }

    /// The receipt code the handover that brought this record gave, kept until the person
    /// says it was given (`handover_receipt_given`); null then, and for any other record.
    fn handover_receipt(app, person_id: PersonId) -> Result<Option<HandoverReceipt>> { app.handover_receipt(&person_id) }

    /// The person has given the receipt code back: it is no longer kept or shown.
    fn handover_receipt_given(app, person_id: PersonId) -> Result<()> { app.handover_receipt_given(&person_id) }

    /// The native Open dialog for a handover package, on the first screen; null when cancelled.
    fn choose_handover_file(app + handle) -> Result<Option<FileChoice>> { Ok(dialogs::choose_handover_file(&handle, &app)) }

    /// Receives the handover package chosen (`choice`, from `choose_handover_file`) with its
    /// code into a new vault with `new_password`, and unlocks it: the recovery key and the
    /// receipt code to give back, each shown once.
    fn handover_accept(app, choice: FileHandle, code: SecretString as "string", new_password: Passphrase as "string") -> Result<HandoverReceived> { app.handover_accept_from(&choice, code, new_password) }

    // --- a cared-for person's own access ---

    /// Whether the person has their own password, whether it is open now, how many entries
    /// they keep private (when they let their carer see it), and the words their section shows.
    fn own_access_status(app, person_id: PersonId) -> Result<OwnAccessStatus> { app.own_access_status(&person_id) }

    /// Sets up a cared-for person's own password (they type it); the result carries their
    /// one-time recovery key.
    fn set_own_access(app, person_id: PersonId, password: Passphrase as "string") -> Result<OwnAccessCreated> { app.set_own_access(&person_id, password) }

    /// Opens the person's own access with their own password (any other closes first).
    fn open_own_access(app, person_id: PersonId, password: Passphrase as "string") -> Result<OwnAccessStatus> { app.open_own_access(&person_id, password) }

    /// Opens the person's own access with their recovery key and sets a new own password.
    fn open_own_access_with_recovery(app, person_id: PersonId, recovery_key: SecretString as "string", new_password: Passphrase as "string") -> Result<OwnAccessStatus> { app.open_own_access_with_recovery(&person_id, recovery_key, new_password) }

    /// Closes the own access that is open (it also closes at a lock and at auto-lock).
    fn close_own_access(app) -> Result<()> { app.close_own_access() }

    /// Changes the person's own password (their own access open).
    fn change_own_password(app, person_id: PersonId, new_password: Passphrase as "string") -> Result<()> { app.change_own_password(&person_id, new_password) }

    /// At 16 or over, the person lets the carer who had parental responsibility carry on looking after their record (their own access open).
    fn continue_care_after_sixteen(app, person_id: PersonId) -> Result<OwnAccessStatus> { app.continue_care_after_sixteen(&person_id) }

    /// What the person lets their carer see and do, with the words beside each box (their own access open).
    fn own_limits(app, person_id: PersonId) -> Result<OwnLimits> { app.own_limits(&person_id) }

    /// What saving these limits would do, in sentences for the confirmation; nothing moves.
    fn check_own_limits(app, person_id: PersonId, input: OwnLimitsInput) -> Result<Vec<String>> { app.check_own_limits(&person_id, input) }

    /// Saves what the person lets their carer see and do, and moves entries to match; what moved, in words.
    fn set_own_limits(app, person_id: PersonId, input: OwnLimitsInput) -> Result<OwnLimitsChanged> { app.set_own_limits(&person_id, input) }

    /// Keeps one entry of the person's record private from their carer, by itself (their own access open).
    fn keep_entry_private(app, person_id: PersonId, entry_id: EntryId) -> Result<OwnLimitsChanged> { app.keep_entry_private(&person_id, &entry_id) }

    /// Shows a private entry kept private by itself to the carer again (their own access open).
    fn show_entry_again(app, person_id: PersonId, entry_id: EntryId) -> Result<OwnLimitsChanged> { app.show_entry_again(&person_id, &entry_id) }

    /// A page of the person's private entries, newest first (their own access open).
    fn private_entries(app, person_id: PersonId, cursor: Option<String>) -> Result<TimelinePage> { app.private_entries(&person_id, cursor) }

    /// One private entry in full (their own access open).
    fn private_entry(app, person_id: PersonId, entry_id: EntryId) -> Result<EntryDetail> { app.private_entry(&person_id, &entry_id) }

    // --- settings and backups ---

    /// The app's settings.
    fn get_settings(app) -> Result<Settings> { app.settings() }

    /// Saves the app's settings and returns them as stored.
    fn set_settings(app, settings: Settings) -> Result<Settings> { app.set_settings(settings) }

    /// The interface preferences (the text size), locked or not: kept outside the vault.
    fn get_preferences(app) -> Result<Preferences> { Ok(app.preferences()) }

    /// Saves the interface preferences, locked or not, and returns them as stored.
    fn set_preferences(app, preferences: Preferences) -> Result<Preferences> { app.set_preferences(preferences) }

    /// The native Save dialog for a new backup: the choice's one-time handle and the file's
    /// name; null when the person cancels.
    fn choose_backup_path(app + handle) -> Result<Option<FileChoice>> { Ok(dialogs::choose_backup_path(&handle, &app)) }

    /// Writes an encrypted backup of the whole vault where the person chose (`choice`, from
    /// `choose_backup_path`).
    fn create_backup(app, choice: FileHandle) -> Result<BackupInfo> { app.create_backup_to(&choice) }

    /// The native Open dialog for a backup to restore; null when the person cancels.
    fn choose_restore_file(app + handle) -> Result<Option<FileChoice>> { Ok(dialogs::choose_restore_file(&handle, &app)) }

    /// Replaces the vault with the backup the person chose (`choice`, from
    /// `choose_restore_file`), opened with its passphrase.
    fn restore_backup(app, choice: FileHandle, passphrase: Passphrase as "string") -> Result<VaultStatus> { app.restore_backup_from(&choice, passphrase) }

    /// Reads every person's record whole and checks it for damage ("Check my record for
    /// damage" in Settings), sending `check-progress` before each person's; what it found, in
    /// plain words. Each check is recorded in the person's audit log.
    fn check_record(app + handle) -> Result<RecordCheck> { app.check_record(&|p| drop(CHECK_PROGRESS.emit(&handle, &p))) }

    /// What the background check after unlock has found (each record read whole at most once
    /// a week): a damaged record named with what to do, for the notice on People and on the
    /// person's page. The window asks again every so often; asking is not activity.
    fn background_check(app) -> Result<BackgroundCheck> { Ok(app.background_check()) }

    // --- the record and GP import ---

    /// How many entries of each kind a person's record holds.
    fn record_summary(app, person_id: PersonId) -> Result<RecordSummary> { app.record_summary(&person_id) }

    /// A person's medicines, each once, with whether each is current and its plans and issues.
    fn medicines(app, person_id: PersonId) -> Result<Medicines> { app.medicines(&person_id) }

    /// One page of a person's timeline.
    fn timeline(app, person_id: PersonId, query: TimelineQuery) -> Result<TimelinePage> { app.timeline(&person_id, query) }

    /// One entry of the record, in full.
    fn entry(app, person_id: PersonId, entry_id: EntryId) -> Result<EntryDetail> { app.entry(&person_id, &entry_id) }

    /// Entries matching `text`, best first; at most `limit` (a default when null).
    fn search_record(app, person_id: PersonId, text: String, limit: Option<u32>) -> Result<Vec<SearchHit>> { app.search_record(&person_id, &text, limit) }

    /// What a search's lay words were searched as, and the record's nearest words to offer
    /// when it finds nothing.
    fn search_help(app, person_id: PersonId, text: String) -> Result<SearchHelp> { app.search_help(&person_id, &text) }

    /// Marks an entry as shared normally, sensitive or held back.
    fn set_entry_sensitivity(app, person_id: PersonId, entry_id: EntryId, sensitivity: Sensitivity) -> Result<EntryDetail> { app.set_entry_sensitivity(&person_id, &entry_id, sensitivity) }

    /// Past imports into a person's record (FHIR files, GP records, device files), newest first.
    fn import_history(app, person_id: PersonId) -> Result<Vec<ImportRun>> { app.import_history(&person_id) }

    /// What undoing an import would remove and put back, with nothing changed.
    fn preview_undo_import(app, person_id: PersonId, import_id: ImportId) -> Result<ImportUndo> { app.preview_undo_import(&person_id, &import_id) }

    /// Undoes an import as a whole (after the person confirmed).
    fn undo_import(app, person_id: PersonId, import_id: ImportId) -> Result<ImportUndo> { app.undo_import(&person_id, &import_id) }

    /// The native Open dialog for FHIR JSON files (one or more) to import into this person's
    /// record (the choice serves no one else's); null when the person cancels.
    fn choose_fhir_files(app + handle, person_id: PersonId) -> Result<Option<FileChoice>> { Ok(dialogs::choose_fhir_files(&handle, &app, &person_id)) }

    /// Imports the FHIR JSON files the person chose (`choice`, from `choose_fhir_files`) into
    /// a person's record.
    fn import_files(app, person_id: PersonId, choice: FileHandle) -> Result<ImportReport> { app.import_chosen_files(&person_id, &choice) }

    /// What the person is asked before the files they chose (`choice`, from
    /// `choose_fhir_files`) are imported, when an International Patient Summary among them is
    /// about someone the app cannot match to them (after `import_files` refused with
    /// IMPORT_SUBJECT_UNCONFIRMED): only what the document says of its subject, and why; null
    /// when there is nothing to ask. The choice stays for the import.
    fn import_subject_question(app, person_id: PersonId, choice: FileHandle) -> Result<Option<ImportSubjectQuestion>> { app.chosen_files_subject_question(&person_id, &choice) }

    /// Imports the files the person chose after they confirmed the International Patient
    /// Summary among them is about them.
    fn import_files_confirmed(app, person_id: PersonId, choice: FileHandle) -> Result<ImportReport> { app.import_chosen_files_confirmed(&person_id, &choice) }

    /// The GP practices the app knows how to sign in to.
    fn gp_practices(app) -> Result<Vec<GpPractice>> { Ok(app.gp_practices()) }

    /// The demo practice's made-up patients (name, date of birth, NHS number), asked of the
    /// demo practice; empty when it is not running beside the app.
    fn gp_demo_patients(app) -> Result<Vec<DemoPatient>> { app.gp_demo_patients() }

    /// Practices in the practice directory whose name or postcode matches `query`, ignoring
    /// case and spaces.
    fn search_practices(app, query: String) -> Result<PracticeSearch> { Ok(app.search_practices(&query)) }

    /// Signs in to the practice at `url` (one of `gp_practices`, or an address the person
    /// typed, which must be https, or http only on this computer, with no user name or
    /// password, query or fragment in it) and imports the person's record from it. A typed
    /// address is first confirmed by the person in a native dialog naming its host; Cancel
    /// rejects with IMPORT_CANCELLED before anything is sent. Progress
    /// arrives as `import-progress` events; an event the window cannot take is dropped and the
    /// import carries on. With `stay_connected` (the person ticked "Stay connected") what the
    /// practice gives for lasting access is kept, encrypted in the record, for `update_from_gp`.
    fn import_from_gp(app + handle, person_id: PersonId, url: String, stay_connected: bool) -> Result<ImportReport> { dialogs::confirm_gp_address(&handle, &app, &url).and_then(|()| app.import_from_gp(&person_id, &url, stay_connected, &|p| drop(IMPORT_PROGRESS.emit(&handle, &p)))) }

    /// Stops a running GP import, update or disconnection; nothing from it is kept.
    fn cancel_gp_import(app) -> Result<()> { app.cancel_gp_import(); Ok(()) }

    /// Whether the person's record stays connected to its GP practice, in words.
    fn gp_connection_status(app, person_id: PersonId) -> Result<GpConnectionStatus> { app.gp_connection_status(&person_id) }

    /// Checks the connected practice for updates without a sign-in and imports what changed;
    /// progress arrives as `import-progress` events, and `cancel_gp_import` stops it.
    fn update_from_gp(app + handle, person_id: PersonId) -> Result<ImportReport> { app.update_from_gp(&person_id, &|p| drop(IMPORT_PROGRESS.emit(&handle, &p))) }

    /// Disconnects from the practice: it is asked to stop the app's access, and the app
    /// forgets the connection whatever it answers.
    fn disconnect_gp(app, person_id: PersonId) -> Result<GpDisconnected> { app.disconnect_gp(&person_id) }

    /// The native Save dialog for an export of the whole record; null when the person cancels.
    fn choose_export_path(app + handle, person_id: PersonId) -> Result<Option<FileChoice>> { Ok(dialogs::choose_export_path(&handle, &app, &person_id)) }

    /// Asks in a native Save dialog where to save the person's record summary as a PDF and
    /// saves it there; the saved file as a choice for `open_saved_pdf`, or null when the person
    /// cancels.
    fn save_summary_pdf(app + handle, person_id: PersonId) -> Result<Option<FileChoice>> { dialogs::save_summary_pdf(&handle, &app, &person_id) }

    /// Asks where to save the appointment summary ("For my appointment") as a PDF and saves
    /// it there; `null` when the person cancels.
    fn save_appointment_summary_pdf(app + handle, person_id: PersonId) -> Result<Option<FileChoice>> { dialogs::save_appointment_summary_pdf(&handle, &app, &person_id) }

    /// Asks where to save the emergency card as a PDF and saves it there; `null` when the
    /// person cancels.
    fn save_emergency_card_pdf(app + handle, person_id: PersonId) -> Result<Option<FileChoice>> { dialogs::save_emergency_card_pdf(&handle, &app, &person_id) }

    /// Opens a PDF just saved (`choice`, from a `save_*_pdf` command) in the system's viewer,
    /// to read or print.
    fn open_saved_pdf(app, choice: FileHandle) -> Result<()> { links::open_saved_pdf(&app, &choice) }

    /// Writes the whole record as a FHIR Bundle (not encrypted) where the person chose
    /// (`choice`, from `choose_export_path`).
    fn export_fhir(app, person_id: PersonId, choice: FileHandle) -> Result<ExportInfo> { app.export_fhir_to(&person_id, &choice) }

    /// The native Save dialog for an International Patient Summary of the person's record;
    /// null when the person cancels.
    fn choose_ips_export_path(app + handle, person_id: PersonId) -> Result<Option<FileChoice>> { Ok(dialogs::choose_ips_export_path(&handle, &app, &person_id)) }

    /// Writes an International Patient Summary (a FHIR document for a professional's system,
    /// not encrypted) where the person chose (`choice`, from `choose_ips_export_path`), leaving
    /// out the entries with the labels in `leave_out`.
    fn export_ips(app, person_id: PersonId, choice: FileHandle, leave_out: Vec<Sensitivity>) -> Result<ExportInfo> { app.export_ips_to(&person_id, &choice, &leave_out) }

    // --- the person's own entries, and their notes and hides on any entry ---

    /// Every problem with an own entry's form, each on its field, with nothing stored.
    fn check_own_entry(app, form: OwnEntryForm) -> Result<Vec<AppError>> { app.check_own_entry(&form) }

    /// Adds one of the person's own entries (a condition, medicine, allergy, vaccination,
    /// procedure or note), shown everywhere as "Added by you" (or by their carer).
    fn add_own_entry(app, person_id: PersonId, form: OwnEntryForm) -> Result<OwnEntrySaved> { app.add_own_entry(&person_id, &form) }

    /// The person's own entries, newest added first, each with its edit form's values.
    fn own_entries(app, person_id: PersonId) -> Result<Vec<OwnEntry>> { app.own_entries(&person_id) }

    /// One own entry, with its edit form's values.
    fn own_entry(app, person_id: PersonId, entry_id: EntryId) -> Result<OwnEntry> { app.own_entry(&person_id, &entry_id) }

    /// Changes an own entry; the earlier version is kept.
    fn edit_own_entry(app, person_id: PersonId, entry_id: EntryId, form: OwnEntryForm) -> Result<OwnEntrySaved> { app.edit_own_entry(&person_id, &entry_id, &form) }

    /// Deletes an own entry; the answer holds the token that puts it back.
    fn delete_own_entry(app, person_id: PersonId, entry_id: EntryId) -> Result<OwnEntryDeleted> { app.delete_own_entry(&person_id, &entry_id) }

    /// Puts back an own entry deleted with `delete_own_entry` (its `undoToken`).
    fn restore_own_entry(app, person_id: PersonId, undo_token: String) -> Result<OwnEntrySaved> { app.restore_own_entry(&person_id, &undo_token) }

    /// The person's own note on any entry (a GP's included) and whether it is hidden.
    fn entry_note(app, person_id: PersonId, entry_id: EntryId) -> Result<EntryNote> { app.entry_note(&person_id, &entry_id) }

    /// Writes the person's own note on an entry, kept beside it (the entry is never changed);
    /// null or empty removes it.
    fn set_entry_note(app, person_id: PersonId, entry_id: EntryId, note: Option<String>) -> Result<EntryNote> { app.set_entry_note(&person_id, &entry_id, note.as_deref()) }

    /// Hides an entry from the person's timeline, or shows it again; it stays in the record
    /// and in every export.
    fn set_entry_hidden(app, person_id: PersonId, entry_id: EntryId, hidden: bool) -> Result<EntryNote> { app.set_entry_hidden(&person_id, &entry_id, hidden) }

    /// The entries the person hid from their timeline.
    fn hidden_entries(app, person_id: PersonId) -> Result<HiddenEntries> { app.hidden_entries(&person_id) }

    // --- documents and decisions kept in the person's record ---

    /// The native Open dialog for a letter (PDF) or photo (JPEG, PNG) to keep in the person's
    /// record; the choice goes in an own entry's form (`file`). Null when the person cancels.
    fn choose_attachment_file(app + handle, person_id: PersonId) -> Result<Option<FileChoice>> { Ok(dialogs::choose_attachment_file(&handle, &app, &person_id)) }

    /// A photo kept in the record (`attachment_id`, from an own entry's `file`), to show on
    /// its page; a PDF is refused (it is saved and opened instead).
    fn attachment_image(app, person_id: PersonId, attachment_id: AttachmentId) -> Result<AttachmentImage> { app.attachment_image(&person_id, &attachment_id) }

    /// Asks in a native Save dialog where to save a copy of a kept file (not encrypted) and
    /// saves it there; the saved copy as a choice for `open_saved_pdf`, or null when cancelled.
    fn save_attachment_copy(app + handle, person_id: PersonId, attachment_id: AttachmentId) -> Result<Option<FileChoice>> { dialogs::save_attachment_copy(&handle, &app, &person_id, &attachment_id) }

    /// The decisions the person has made (organ donation, an advance decision to refuse
    /// treatment, a ReSPECT form, a lasting power of attorney), each kind's latest first.
    fn decisions(app, person_id: PersonId) -> Result<Decisions> { app.decisions(&person_id) }

    // --- reminders: the BP week's readings, a daily reading, a medicine, a backup, a review ---

    /// The person's reminders with when each fires next, what is due now, missed and done, and
    /// whether notifications may name details.
    fn reminders(app, person_id: PersonId) -> Result<Reminders> { app.reminders(&person_id) }

    /// Every problem with a reminder's form, each on its field, with nothing stored.
    fn check_reminder(app, form: ReminderForm) -> Result<Vec<AppError>> { app.check_reminder(&form) }

    /// Sets a reminder.
    fn add_reminder(app, person_id: PersonId, form: ReminderForm) -> Result<ReminderChanged> { app.add_reminder(&person_id, &form) }

    /// Removes a reminder (the screen asks first).
    fn remove_reminder(app, person_id: PersonId, reminder_id: String) -> Result<ReminderChanged> { app.remove_reminder(&person_id, &reminder_id) }

    /// Ticks a medicine reminder's firing (`firedAt`, as the panel gave it) as taken, or takes
    /// the tick back.
    fn set_reminder_taken(app, person_id: PersonId, reminder_id: String, fired_at: String, taken: bool) -> Result<Reminders> { app.set_reminder_taken(&person_id, &reminder_id, &fired_at, taken) }

    /// Lets notifications name what the person's reminders are for and whose they are, or stops them.
    fn set_reminder_details(app, person_id: PersonId, shown: bool) -> Result<Reminders> { app.set_reminder_details(&person_id, shown) }

    // --- what matters to the person: the things that matter most, contacts, practice, needs ---

    /// The person's "What matters to me" (with the practice their GP record names when they
    /// have not named one).
    fn about_me(app, person_id: PersonId) -> Result<AboutMe> { app.about_me(&person_id) }

    /// Every problem with a "What matters to me" form, each with its part, item and field.
    fn check_about_me(app, form: AboutMe) -> Result<Vec<AboutMeProblem>> { Ok(app.check_about_me(&form)) }

    /// Saves "What matters to me" whole, as the form holds it; what it removes can be put back
    /// with the answer's `undoToken`.
    fn set_about_me(app, person_id: PersonId, form: AboutMe) -> Result<AboutMeSaved> { app.set_about_me(&person_id, &form) }

    /// Puts back what `set_about_me` removed (its `undoToken`).
    fn restore_about_me(app, person_id: PersonId, undo_token: String) -> Result<AboutMeSaved> { app.restore_about_me(&person_id, &undo_token) }

    // --- readings ---

    /// Every kind of reading, with its fields, units and limits.
    fn reading_kinds(app) -> Result<Vec<ReadingKindInfo>> { Ok(app.reading_kinds()) }

    /// For every kind: how many readings the person has and the newest one.
    fn reading_overview(app, person_id: PersonId) -> Result<Vec<ReadingKindOverview>> { app.reading_overview(&person_id) }

    /// Why `add_reading` would refuse this reading now (impossible, or unusual and not yet
    /// confirmed); empty when it would store it. Stores nothing.
    fn check_reading(app, input: ReadingInput) -> Result<Vec<AppError>> { Ok(app.check_reading(&input)) }

    /// Adds a reading.
    fn add_reading(app, person_id: PersonId, input: ReadingInput) -> Result<Reading> { app.add_reading(&person_id, input) }

    /// Opens where the advice of a red-flag row comes from (an NHS or NICE page) in the
    /// person's web browser, named by the row's id (`Advice.rule`); no other address can be opened.
    fn open_advice_source(app, rule: String) -> Result<()> { links::open_advice_source(&app, &rule) }

    /// Opens the NHS website page of an entry's meaning (`EntryDetail.nhsUrl`) in the person's
    /// web browser; only the meanings table's own addresses open.
    fn open_meaning_page(app, url: String) -> Result<()> { links::open_meaning_page(&app, &url) }

    /// Changes a reading.
    fn update_reading(app, person_id: PersonId, reading_id: ReadingId, input: ReadingInput) -> Result<Reading> { app.update_reading(&person_id, &reading_id, input) }

    /// Deletes a reading (it can be restored).
    fn delete_reading(app, person_id: PersonId, reading_id: ReadingId) -> Result<()> { app.delete_reading(&person_id, &reading_id) }

    /// Brings back a deleted reading.
    fn restore_reading(app, person_id: PersonId, reading_id: ReadingId) -> Result<Reading> { app.restore_reading(&person_id, &reading_id) }

    /// One page of a person's readings.
    fn list_readings(app, person_id: PersonId, query: ReadingQuery) -> Result<ReadingPage> { app.list_readings(&person_id, query) }

    /// Averages and ranges for one kind of reading between two dates (either may be null).
    fn reading_stats(app, person_id: PersonId, kind: ReadingKind, from: Option<String>, to: Option<String>) -> Result<ReadingStats> { app.reading_stats(&person_id, kind, from.as_deref(), to.as_deref()) }

    /// The glucose report (time in range, average, GMI, variability, the profile through the
    /// day) of the days `from` to `to` (either may be null: the last 14 days up to today).
    fn glucose_report(app, person_id: PersonId, from: Option<String>, to: Option<String>) -> Result<GlucoseReport> { app.glucose_report(&person_id, from.as_deref(), to.as_deref()) }

    /// The points to chart for one kind of reading, at most `max_points`.
    fn chart_series(app, person_id: PersonId, kind: ReadingKind, from: String, to: String, max_points: u32) -> Result<ChartSeries> { app.chart_series(&person_id, kind, &from, &to, max_points) }

    /// A person's targets.
    fn targets(app, person_id: PersonId) -> Result<Vec<Target>> { app.targets(&person_id) }

    /// Why `set_target` would refuse this target; empty when it would accept it.
    fn check_target(app, target: Target) -> Result<Vec<AppError>> { Ok(app.check_target(&target)) }

    /// Sets one target and returns them all.
    fn set_target(app, person_id: PersonId, target: Target) -> Result<Vec<Target>> { app.set_target(&person_id, target) }

    /// The native Open dialog for a device export file; null when the person cancels.
    fn choose_device_file(app + handle, person_id: PersonId) -> Result<Option<FileChoice>> { Ok(dialogs::choose_device_file(&handle, &app, &person_id)) }

    /// What importing the device file the person chose (`choice`, from `choose_device_file`)
    /// would add, without adding it; the choice stays for the import.
    fn preview_device_file(app, person_id: PersonId, choice: FileHandle, format: Option<DeviceFormat>, mapping: Option<ColumnMapping>) -> Result<DeviceImportPreview> { app.preview_chosen_device_file(&person_id, &choice, format, mapping) }

    /// Imports the readings in the device file the person chose; one that names someone else
    /// only with `confirm_owner`.
    fn import_device_file(app, person_id: PersonId, choice: FileHandle, format: Option<DeviceFormat>, mapping: Option<ColumnMapping>, confirm_owner: bool) -> Result<DeviceImportResult> { app.import_chosen_device_file(&person_id, &choice, format, mapping, confirm_owner) }

    /// The person's week of home blood pressure readings, if one is running.
    fn bp_week(app, person_id: PersonId) -> Result<BpWeek> { app.bp_week(&person_id) }

    /// Starts a week of home blood pressure readings.
    fn start_bp_week(app, person_id: PersonId) -> Result<BpWeek> { app.start_bp_week(&person_id) }

    /// The native Save dialog for the readings as FHIR Observations; null when the person cancels.
    fn choose_readings_export_path(app + handle, person_id: PersonId) -> Result<Option<FileChoice>> { Ok(dialogs::choose_readings_export_path(&handle, &app, &person_id)) }

    /// Asks in a native Save dialog where to save the person's home blood pressure week as a
    /// PDF and saves it there; the saved file as a choice for `open_saved_pdf`, or null when
    /// the person cancels. INVALID_INPUT while the week has no average.
    fn save_bp_week_pdf(app + handle, person_id: PersonId) -> Result<Option<FileChoice>> { dialogs::save_bp_week_pdf(&handle, &app, &person_id) }

    /// Asks in a native Save dialog where to save the person's glucose report of `from`..`to`
    /// (as `glucose_report` takes them) as a PDF and saves it there; the saved file as a choice
    /// for `open_saved_pdf`, or null when the person cancels.
    fn save_glucose_report_pdf(app + handle, person_id: PersonId, from: Option<String>, to: Option<String>) -> Result<Option<FileChoice>> { dialogs::save_glucose_report_pdf(&handle, &app, &person_id, from.as_deref(), to.as_deref()) }

    /// Writes a person's readings as FHIR Observations (not encrypted) where the person chose
    /// (`choice`, from `choose_readings_export_path`).
    fn export_readings(app, person_id: PersonId, choice: FileHandle) -> Result<ExportInfo> { app.export_readings_to(&person_id, &choice) }

    // --- sharing ---

    /// What a share with this request would hold, and what it would leave out.
    fn share_preview(app, person_id: PersonId, request: ShareRequest) -> Result<SharePreview> { app.share_preview(&person_id, request) }

    /// The native Save dialog for a new package, offering `health-record-share-<today>.phrshare`
    /// (today by the backend's clock); null when the person cancels.
    fn choose_share_path(app + handle, person_id: PersonId) -> Result<Option<FileChoice>> { Ok(dialogs::choose_share_path(&handle, &app, &person_id)) }

    /// Every problem with a share request, in the form's order (who, why, what, until when):
    /// the checks `share_preview` and `share_create` make, with nothing gathered or stored.
    fn check_share_request(app, request: ShareRequest) -> Result<Vec<AppError>> { Ok(app.check_share_request(&request)) }

    /// Seals the previewed draft `draftId` (from `share_preview`) into a package where the
    /// person chose (`choice`, from `choose_share_path`) and records it; SHARE_PREVIEW_STALE
    /// when the record changed after that preview.
    fn share_create(app, person_id: PersonId, draft_id: ShareDraftId, choice: FileHandle) -> Result<ShareCreated> { app.share_create_to(&person_id, &draft_id, &choice) }

    /// The shares a person has made.
    fn share_list(app, person_id: PersonId) -> Result<Vec<ShareInfo>> { app.share_list(&person_id) }

    /// Marks a share as revoked.
    fn share_revoke(app, person_id: PersonId, share_id: ShareId) -> Result<ShareInfo> { app.share_revoke(&person_id, &share_id) }

    /// The public half of the person's signing key, to check packages they made.
    fn signing_key(app, person_id: PersonId) -> Result<KeyInfo> { app.signing_key(&person_id) }

    /// The native Open dialog for a package (*.phrshare, or *.age as earlier versions saved
    /// them); null when cancelled. Works with no vault.
    fn choose_share_package(app + handle) -> Result<Option<FileChoice>> { Ok(dialogs::choose_share_package(&handle, &app)) }

    /// The native Open dialog for an age identity file; null when cancelled. Only its name
    /// reaches the webview; the backend reads the key.
    fn choose_share_identity(app + handle) -> Result<Option<FileChoice>> { Ok(dialogs::choose_share_identity(&handle, &app)) }

    /// Opens and checks the package the person chose (`choice`, from `choose_share_package`)
    /// with the access code typed or the identity chosen (`identity`, from
    /// `choose_share_identity`); it is kept in the backend's memory only. Works with no vault.
    fn share_open(app, choice: FileHandle, access_code: Option<SecretString> as "string | null", identity: Option<FileHandle>) -> Result<OpenedShare> { app.share_open_chosen(&choice, access_code, identity.as_ref()) }

    /// The native folder dialog for saving an opened package's files; null when cancelled.
    fn choose_share_save_dir(app + handle) -> Result<Option<FileChoice>> { Ok(dialogs::choose_share_save_dir(&handle, &app)) }

    /// Writes the opened package's files (not encrypted) into the folder the person chose
    /// (`choice`, from `choose_share_save_dir`); returns the paths written.
    fn share_save_opened(app, choice: FileHandle) -> Result<Vec<String>> { app.share_save_opened_to(&choice) }

    /// Drops the opened package from memory.
    fn share_close_opened(app) -> Result<()> { app.share_close_opened(); Ok(()) }
}

events! {
    /// The vault locked itself after the person was idle; the payload is the status after locking.
    VAULT_LOCKED = "vault-locked": VaultStatus;

    /// One step of a GP import (see `import_from_gp`).
    IMPORT_PROGRESS = "import-progress": ImportProgress;

    /// How far the check for damage has got (see `check_record`).
    CHECK_PROGRESS = "check-progress": CheckProgress;

    /// Files dragged from the desktop and dropped onto the window, kept as FHIR files to
    /// import: the choice's one-time handle (for `import_files`) and the name to show.
    FILES_DROPPED = "files-dropped": FileChoice;

    /// A shared record or backup opened from the desktop while the app was already running
    /// (a second launch, which hands its file over and exits): the choice for its screen.
    FILE_OPENED = "file-opened": OpenedFile;
}
