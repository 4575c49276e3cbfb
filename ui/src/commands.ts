// Generated from src-tauri/src/command_table.rs by src-tauri/tests/boundary.rs: do not edit.
// To add or change a command, edit the table, then run
// `UPDATE_BINDINGS=1 cargo test -p phr-desktop` and commit what it rewrote.
//
// One typed function per backend command, and one subscription per backend event. A
// rejection is an IpcError (see ipc.ts, the runtime these call).
import { call, subscribe } from "./ipc";
import type { About } from "./bindings/About";
import type { AboutMe } from "./bindings/AboutMe";
import type { AboutMeProblem } from "./bindings/AboutMeProblem";
import type { AboutMeSaved } from "./bindings/AboutMeSaved";
import type { AppError } from "./bindings/AppError";
import type { AttachmentId } from "./bindings/AttachmentId";
import type { AttachmentImage } from "./bindings/AttachmentImage";
import type { AuditEntry } from "./bindings/AuditEntry";
import type { AuditReport } from "./bindings/AuditReport";
import type { BackgroundCheck } from "./bindings/BackgroundCheck";
import type { BackupInfo } from "./bindings/BackupInfo";
import type { BpWeek } from "./bindings/BpWeek";
import type { CarerActivity } from "./bindings/CarerActivity";
import type { ChartSeries } from "./bindings/ChartSeries";
import type { CheckProgress } from "./bindings/CheckProgress";
import type { ColumnMapping } from "./bindings/ColumnMapping";
import type { CreatedVault } from "./bindings/CreatedVault";
import type { Decisions } from "./bindings/Decisions";
import type { DemoPatient } from "./bindings/DemoPatient";
import type { DeviceFormat } from "./bindings/DeviceFormat";
import type { DeviceImportPreview } from "./bindings/DeviceImportPreview";
import type { DeviceImportResult } from "./bindings/DeviceImportResult";
import type { EntryDetail } from "./bindings/EntryDetail";
import type { EntryId } from "./bindings/EntryId";
import type { EntryNote } from "./bindings/EntryNote";
import type { ExportInfo } from "./bindings/ExportInfo";
import type { FileChoice } from "./bindings/FileChoice";
import type { FileHandle } from "./bindings/FileHandle";
import type { GlucoseReport } from "./bindings/GlucoseReport";
import type { GpConnectionStatus } from "./bindings/GpConnectionStatus";
import type { GpDisconnected } from "./bindings/GpDisconnected";
import type { GpPractice } from "./bindings/GpPractice";
import type { HandoverCreated } from "./bindings/HandoverCreated";
import type { HandoverReceipt } from "./bindings/HandoverReceipt";
import type { HandoverReceived } from "./bindings/HandoverReceived";
import type { HandoverStatus } from "./bindings/HandoverStatus";
import type { HiddenEntries } from "./bindings/HiddenEntries";
import type { ImportId } from "./bindings/ImportId";
import type { ImportProgress } from "./bindings/ImportProgress";
import type { ImportReport } from "./bindings/ImportReport";
import type { ImportRun } from "./bindings/ImportRun";
import type { ImportSubjectQuestion } from "./bindings/ImportSubjectQuestion";
import type { ImportUndo } from "./bindings/ImportUndo";
import type { KeyInfo } from "./bindings/KeyInfo";
import type { Medicines } from "./bindings/Medicines";
import type { NewKeys } from "./bindings/NewKeys";
import type { OpenedFile } from "./bindings/OpenedFile";
import type { OpenedShare } from "./bindings/OpenedShare";
import type { OwnAccessCreated } from "./bindings/OwnAccessCreated";
import type { OwnAccessStatus } from "./bindings/OwnAccessStatus";
import type { OwnEntry } from "./bindings/OwnEntry";
import type { OwnEntryDeleted } from "./bindings/OwnEntryDeleted";
import type { OwnEntryForm } from "./bindings/OwnEntryForm";
import type { OwnEntrySaved } from "./bindings/OwnEntrySaved";
import type { OwnLimits } from "./bindings/OwnLimits";
import type { OwnLimitsChanged } from "./bindings/OwnLimitsChanged";
import type { OwnLimitsInput } from "./bindings/OwnLimitsInput";
import type { PassphraseStrength } from "./bindings/PassphraseStrength";
import type { Person } from "./bindings/Person";
import type { PersonId } from "./bindings/PersonId";
import type { PersonInput } from "./bindings/PersonInput";
import type { PracticeSearch } from "./bindings/PracticeSearch";
import type { Preferences } from "./bindings/Preferences";
import type { Reading } from "./bindings/Reading";
import type { ReadingId } from "./bindings/ReadingId";
import type { ReadingInput } from "./bindings/ReadingInput";
import type { ReadingKind } from "./bindings/ReadingKind";
import type { ReadingKindInfo } from "./bindings/ReadingKindInfo";
import type { ReadingKindOverview } from "./bindings/ReadingKindOverview";
import type { ReadingPage } from "./bindings/ReadingPage";
import type { ReadingQuery } from "./bindings/ReadingQuery";
import type { ReadingStats } from "./bindings/ReadingStats";
import type { RecordCheck } from "./bindings/RecordCheck";
import type { RecordSummary } from "./bindings/RecordSummary";
import type { ReminderChanged } from "./bindings/ReminderChanged";
import type { ReminderForm } from "./bindings/ReminderForm";
import type { Reminders } from "./bindings/Reminders";
import type { SearchHelp } from "./bindings/SearchHelp";
import type { SearchHit } from "./bindings/SearchHit";
import type { Sensitivity } from "./bindings/Sensitivity";
import type { Settings } from "./bindings/Settings";
import type { ShareCreated } from "./bindings/ShareCreated";
import type { ShareDraftId } from "./bindings/ShareDraftId";
import type { ShareId } from "./bindings/ShareId";
import type { ShareInfo } from "./bindings/ShareInfo";
import type { SharePreview } from "./bindings/SharePreview";
import type { ShareRequest } from "./bindings/ShareRequest";
import type { Target } from "./bindings/Target";
import type { TimelinePage } from "./bindings/TimelinePage";
import type { TimelineQuery } from "./bindings/TimelineQuery";
import type { Today } from "./bindings/Today";
import type { VaultStatus } from "./bindings/VaultStatus";
import type { Vocabulary } from "./bindings/Vocabulary";

/** Every command: its arguments (camelCase, as sent) and what its promise resolves to. */
export type Commands = {
  vocabulary: { args: Record<string, never>; result: Vocabulary };
  about: { args: Record<string, never>; result: About };
  opened_file: { args: Record<string, never>; result: OpenedFile | null };
  today: { args: Record<string, never>; result: Today };
  vault_status: { args: Record<string, never>; result: VaultStatus };
  create_vault: { args: { passphrase: string }; result: CreatedVault };
  unlock: { args: { passphrase: string }; result: VaultStatus };
  lock: { args: Record<string, never>; result: VaultStatus };
  recover: { args: { recoveryKey: string; newPassphrase: string }; result: VaultStatus };
  save_recovery_key_pdf: { args: { recoveryKey: string }; result: FileChoice | null };
  change_passphrase: { args: { current: string; newPassphrase: string }; result: null };
  rotate_keys: { args: { current: string; newPassphrase: string }; result: NewKeys };
  new_recovery_key: { args: { passphrase: string }; result: NewKeys };
  suggest_passphrase: { args: Record<string, never>; result: string };
  passphrase_strength: { args: { passphrase: string }; result: PassphraseStrength };
  keep_alive: { args: Record<string, never>; result: null };
  list_people: { args: Record<string, never>; result: Array<Person> };
  add_person: { args: { input: PersonInput }; result: Person };
  check_person: { args: { input: PersonInput }; result: Array<AppError> };
  check_person_update: { args: { id: PersonId; input: PersonInput }; result: Array<AppError> };
  update_person: { args: { id: PersonId; input: PersonInput }; result: Person };
  mark_review_done: { args: { id: PersonId; nextReviewOn: string | null }; result: Person };
  delete_person: { args: { id: PersonId; confirmName: string }; result: null };
  audit_log: { args: { personId: PersonId }; result: Array<AuditEntry> };
  verify_audit: { args: { personId: PersonId | null }; result: Array<AuditReport> };
  carer_activity: { args: { personId: PersonId }; result: CarerActivity };
  choose_handover_path: { args: { personId: PersonId }; result: FileChoice | null };
  handover_create: { args: { personId: PersonId; choice: FileHandle }; result: HandoverCreated };
  save_handover_code_pdf: { args: { code: string }; result: FileChoice | null };
  handover_status: { args: { personId: PersonId }; result: HandoverStatus };
  handover_confirm: { args: { personId: PersonId; receipt: string }; result: null };
  handover_receipt: { args: { personId: PersonId }; result: HandoverReceipt | null };
  handover_receipt_given: { args: { personId: PersonId }; result: null };
  choose_handover_file: { args: Record<string, never>; result: FileChoice | null };
  handover_accept: { args: { choice: FileHandle; code: string; newPassword: string }; result: HandoverReceived };
  own_access_status: { args: { personId: PersonId }; result: OwnAccessStatus };
  set_own_access: { args: { personId: PersonId; password: string }; result: OwnAccessCreated };
  open_own_access: { args: { personId: PersonId; password: string }; result: OwnAccessStatus };
  open_own_access_with_recovery: { args: { personId: PersonId; recoveryKey: string; newPassword: string }; result: OwnAccessStatus };
  close_own_access: { args: Record<string, never>; result: null };
  change_own_password: { args: { personId: PersonId; newPassword: string }; result: null };
  continue_care_after_sixteen: { args: { personId: PersonId }; result: OwnAccessStatus };
  own_limits: { args: { personId: PersonId }; result: OwnLimits };
  check_own_limits: { args: { personId: PersonId; input: OwnLimitsInput }; result: Array<string> };
  set_own_limits: { args: { personId: PersonId; input: OwnLimitsInput }; result: OwnLimitsChanged };
  keep_entry_private: { args: { personId: PersonId; entryId: EntryId }; result: OwnLimitsChanged };
  show_entry_again: { args: { personId: PersonId; entryId: EntryId }; result: OwnLimitsChanged };
  private_entries: { args: { personId: PersonId; cursor: string | null }; result: TimelinePage };
  private_entry: { args: { personId: PersonId; entryId: EntryId }; result: EntryDetail };
  get_settings: { args: Record<string, never>; result: Settings };
  set_settings: { args: { settings: Settings }; result: Settings };
  get_preferences: { args: Record<string, never>; result: Preferences };
  set_preferences: { args: { preferences: Preferences }; result: Preferences };
  choose_backup_path: { args: Record<string, never>; result: FileChoice | null };
  create_backup: { args: { choice: FileHandle }; result: BackupInfo };
  choose_restore_file: { args: Record<string, never>; result: FileChoice | null };
  restore_backup: { args: { choice: FileHandle; passphrase: string }; result: VaultStatus };
  check_record: { args: Record<string, never>; result: RecordCheck };
  background_check: { args: Record<string, never>; result: BackgroundCheck };
  record_summary: { args: { personId: PersonId }; result: RecordSummary };
  medicines: { args: { personId: PersonId }; result: Medicines };
  timeline: { args: { personId: PersonId; query: TimelineQuery }; result: TimelinePage };
  entry: { args: { personId: PersonId; entryId: EntryId }; result: EntryDetail };
  search_record: { args: { personId: PersonId; text: string; limit: number | null }; result: Array<SearchHit> };
  search_help: { args: { personId: PersonId; text: string }; result: SearchHelp };
  set_entry_sensitivity: { args: { personId: PersonId; entryId: EntryId; sensitivity: Sensitivity }; result: EntryDetail };
  import_history: { args: { personId: PersonId }; result: Array<ImportRun> };
  preview_undo_import: { args: { personId: PersonId; importId: ImportId }; result: ImportUndo };
  undo_import: { args: { personId: PersonId; importId: ImportId }; result: ImportUndo };
  choose_fhir_files: { args: { personId: PersonId }; result: FileChoice | null };
  import_files: { args: { personId: PersonId; choice: FileHandle }; result: ImportReport };
  import_subject_question: { args: { personId: PersonId; choice: FileHandle }; result: ImportSubjectQuestion | null };
  import_files_confirmed: { args: { personId: PersonId; choice: FileHandle }; result: ImportReport };
  gp_practices: { args: Record<string, never>; result: Array<GpPractice> };
  gp_demo_patients: { args: Record<string, never>; result: Array<DemoPatient> };
  search_practices: { args: { query: string }; result: PracticeSearch };
  import_from_gp: { args: { personId: PersonId; url: string; stayConnected: boolean }; result: ImportReport };
  cancel_gp_import: { args: Record<string, never>; result: null };
  gp_connection_status: { args: { personId: PersonId }; result: GpConnectionStatus };
  update_from_gp: { args: { personId: PersonId }; result: ImportReport };
  disconnect_gp: { args: { personId: PersonId }; result: GpDisconnected };
  choose_export_path: { args: { personId: PersonId }; result: FileChoice | null };
  save_summary_pdf: { args: { personId: PersonId }; result: FileChoice | null };
  save_appointment_summary_pdf: { args: { personId: PersonId }; result: FileChoice | null };
  save_emergency_card_pdf: { args: { personId: PersonId }; result: FileChoice | null };
  open_saved_pdf: { args: { choice: FileHandle }; result: null };
  export_fhir: { args: { personId: PersonId; choice: FileHandle }; result: ExportInfo };
  choose_ips_export_path: { args: { personId: PersonId }; result: FileChoice | null };
  export_ips: { args: { personId: PersonId; choice: FileHandle; leaveOut: Array<Sensitivity> }; result: ExportInfo };
  check_own_entry: { args: { form: OwnEntryForm }; result: Array<AppError> };
  add_own_entry: { args: { personId: PersonId; form: OwnEntryForm }; result: OwnEntrySaved };
  own_entries: { args: { personId: PersonId }; result: Array<OwnEntry> };
  own_entry: { args: { personId: PersonId; entryId: EntryId }; result: OwnEntry };
  edit_own_entry: { args: { personId: PersonId; entryId: EntryId; form: OwnEntryForm }; result: OwnEntrySaved };
  delete_own_entry: { args: { personId: PersonId; entryId: EntryId }; result: OwnEntryDeleted };
  restore_own_entry: { args: { personId: PersonId; undoToken: string }; result: OwnEntrySaved };
  entry_note: { args: { personId: PersonId; entryId: EntryId }; result: EntryNote };
  set_entry_note: { args: { personId: PersonId; entryId: EntryId; note: string | null }; result: EntryNote };
  set_entry_hidden: { args: { personId: PersonId; entryId: EntryId; hidden: boolean }; result: EntryNote };
  hidden_entries: { args: { personId: PersonId }; result: HiddenEntries };
  choose_attachment_file: { args: { personId: PersonId }; result: FileChoice | null };
  attachment_image: { args: { personId: PersonId; attachmentId: AttachmentId }; result: AttachmentImage };
  save_attachment_copy: { args: { personId: PersonId; attachmentId: AttachmentId }; result: FileChoice | null };
  decisions: { args: { personId: PersonId }; result: Decisions };
  reminders: { args: { personId: PersonId }; result: Reminders };
  check_reminder: { args: { form: ReminderForm }; result: Array<AppError> };
  add_reminder: { args: { personId: PersonId; form: ReminderForm }; result: ReminderChanged };
  remove_reminder: { args: { personId: PersonId; reminderId: string }; result: ReminderChanged };
  set_reminder_taken: { args: { personId: PersonId; reminderId: string; firedAt: string; taken: boolean }; result: Reminders };
  set_reminder_details: { args: { personId: PersonId; shown: boolean }; result: Reminders };
  about_me: { args: { personId: PersonId }; result: AboutMe };
  check_about_me: { args: { form: AboutMe }; result: Array<AboutMeProblem> };
  set_about_me: { args: { personId: PersonId; form: AboutMe }; result: AboutMeSaved };
  restore_about_me: { args: { personId: PersonId; undoToken: string }; result: AboutMeSaved };
  reading_kinds: { args: Record<string, never>; result: Array<ReadingKindInfo> };
  reading_overview: { args: { personId: PersonId }; result: Array<ReadingKindOverview> };
  check_reading: { args: { input: ReadingInput }; result: Array<AppError> };
  add_reading: { args: { personId: PersonId; input: ReadingInput }; result: Reading };
  open_advice_source: { args: { rule: string }; result: null };
  open_meaning_page: { args: { url: string }; result: null };
  update_reading: { args: { personId: PersonId; readingId: ReadingId; input: ReadingInput }; result: Reading };
  delete_reading: { args: { personId: PersonId; readingId: ReadingId }; result: null };
  restore_reading: { args: { personId: PersonId; readingId: ReadingId }; result: Reading };
  list_readings: { args: { personId: PersonId; query: ReadingQuery }; result: ReadingPage };
  reading_stats: { args: { personId: PersonId; kind: ReadingKind; from: string | null; to: string | null }; result: ReadingStats };
  glucose_report: { args: { personId: PersonId; from: string | null; to: string | null }; result: GlucoseReport };
  chart_series: { args: { personId: PersonId; kind: ReadingKind; from: string; to: string; maxPoints: number }; result: ChartSeries };
  targets: { args: { personId: PersonId }; result: Array<Target> };
  check_target: { args: { target: Target }; result: Array<AppError> };
  set_target: { args: { personId: PersonId; target: Target }; result: Array<Target> };
  choose_device_file: { args: { personId: PersonId }; result: FileChoice | null };
  preview_device_file: { args: { personId: PersonId; choice: FileHandle; format: DeviceFormat | null; mapping: ColumnMapping | null }; result: DeviceImportPreview };
  import_device_file: { args: { personId: PersonId; choice: FileHandle; format: DeviceFormat | null; mapping: ColumnMapping | null; confirmOwner: boolean }; result: DeviceImportResult };
  bp_week: { args: { personId: PersonId }; result: BpWeek };
  start_bp_week: { args: { personId: PersonId }; result: BpWeek };
  choose_readings_export_path: { args: { personId: PersonId }; result: FileChoice | null };
  save_bp_week_pdf: { args: { personId: PersonId }; result: FileChoice | null };
  save_glucose_report_pdf: { args: { personId: PersonId; from: string | null; to: string | null }; result: FileChoice | null };
  export_readings: { args: { personId: PersonId; choice: FileHandle }; result: ExportInfo };
  share_preview: { args: { personId: PersonId; request: ShareRequest }; result: SharePreview };
  choose_share_path: { args: { personId: PersonId }; result: FileChoice | null };
  check_share_request: { args: { request: ShareRequest }; result: Array<AppError> };
  share_create: { args: { personId: PersonId; draftId: ShareDraftId; choice: FileHandle }; result: ShareCreated };
  share_list: { args: { personId: PersonId }; result: Array<ShareInfo> };
  share_revoke: { args: { personId: PersonId; shareId: ShareId }; result: ShareInfo };
  signing_key: { args: { personId: PersonId }; result: KeyInfo };
  choose_share_package: { args: Record<string, never>; result: FileChoice | null };
  choose_share_identity: { args: Record<string, never>; result: FileChoice | null };
  share_open: { args: { choice: FileHandle; accessCode: string | null; identity: FileHandle | null }; result: OpenedShare };
  choose_share_save_dir: { args: Record<string, never>; result: FileChoice | null };
  share_save_opened: { args: { choice: FileHandle }; result: Array<string> };
  share_close_opened: { args: Record<string, never>; result: null };
};

/** Every command's name, as `invoke` takes it. */
export const COMMAND_NAMES = [
  "vocabulary",
  "about",
  "opened_file",
  "today",
  "vault_status",
  "create_vault",
  "unlock",
  "lock",
  "recover",
  "save_recovery_key_pdf",
  "change_passphrase",
  "rotate_keys",
  "new_recovery_key",
  "suggest_passphrase",
  "passphrase_strength",
  "keep_alive",
  "list_people",
  "add_person",
  "check_person",
  "check_person_update",
  "update_person",
  "mark_review_done",
  "delete_person",
  "audit_log",
  "verify_audit",
  "carer_activity",
  "choose_handover_path",
  "handover_create",
  "save_handover_code_pdf",
  "handover_status",
  "handover_confirm",
  "handover_receipt",
  "handover_receipt_given",
  "choose_handover_file",
  "handover_accept",
  "own_access_status",
  "set_own_access",
  "open_own_access",
  "open_own_access_with_recovery",
  "close_own_access",
  "change_own_password",
  "continue_care_after_sixteen",
  "own_limits",
  "check_own_limits",
  "set_own_limits",
  "keep_entry_private",
  "show_entry_again",
  "private_entries",
  "private_entry",
  "get_settings",
  "set_settings",
  "get_preferences",
  "set_preferences",
  "choose_backup_path",
  "create_backup",
  "choose_restore_file",
  "restore_backup",
  "check_record",
  "background_check",
  "record_summary",
  "medicines",
  "timeline",
  "entry",
  "search_record",
  "search_help",
  "set_entry_sensitivity",
  "import_history",
  "preview_undo_import",
  "undo_import",
  "choose_fhir_files",
  "import_files",
  "import_subject_question",
  "import_files_confirmed",
  "gp_practices",
  "gp_demo_patients",
  "search_practices",
  "import_from_gp",
  "cancel_gp_import",
  "gp_connection_status",
  "update_from_gp",
  "disconnect_gp",
  "choose_export_path",
  "save_summary_pdf",
  "save_appointment_summary_pdf",
  "save_emergency_card_pdf",
  "open_saved_pdf",
  "export_fhir",
  "choose_ips_export_path",
  "export_ips",
  "check_own_entry",
  "add_own_entry",
  "own_entries",
  "own_entry",
  "edit_own_entry",
  "delete_own_entry",
  "restore_own_entry",
  "entry_note",
  "set_entry_note",
  "set_entry_hidden",
  "hidden_entries",
  "choose_attachment_file",
  "attachment_image",
  "save_attachment_copy",
  "decisions",
  "reminders",
  "check_reminder",
  "add_reminder",
  "remove_reminder",
  "set_reminder_taken",
  "set_reminder_details",
  "about_me",
  "check_about_me",
  "set_about_me",
  "restore_about_me",
  "reading_kinds",
  "reading_overview",
  "check_reading",
  "add_reading",
  "open_advice_source",
  "open_meaning_page",
  "update_reading",
  "delete_reading",
  "restore_reading",
  "list_readings",
  "reading_stats",
  "glucose_report",
  "chart_series",
  "targets",
  "check_target",
  "set_target",
  "choose_device_file",
  "preview_device_file",
  "import_device_file",
  "bp_week",
  "start_bp_week",
  "choose_readings_export_path",
  "save_bp_week_pdf",
  "save_glucose_report_pdf",
  "export_readings",
  "share_preview",
  "choose_share_path",
  "check_share_request",
  "share_create",
  "share_list",
  "share_revoke",
  "signing_key",
  "choose_share_package",
  "choose_share_identity",
  "share_open",
  "choose_share_save_dir",
  "share_save_opened",
  "share_close_opened",
] as const satisfies readonly (keyof Commands)[];

/**
 * Every user-facing word and limit the interface shows: categories, labels, statuses,
 * flags, reading kinds, units, expiry presets and the forms' limits.
 */
export function vocabulary(): Promise<Vocabulary> {
  return call("vocabulary");
}

/**
 * This app's version and the versions of the formats it reads and writes (the vault, its
 * backups and shared records), with the words the About screen shows.
 */
export function about(): Promise<About> {
  return call("about");
}

/**
 * The shared record or backup the desktop asked the app to open at start-up (a
 * double-clicked `.phrshare` or `.phrbackup`), as a choice for its screen, once; null when
 * there is none. A later launch sends `file-opened` instead.
 */
export function openedFile(): Promise<OpenedFile | null> {
  return call("opened_file");
}

/**
 * Today by the backend's clock, and the dates that follow from it (each expiry preset's
 * last day, the latest last day, the readings range a new share starts with).
 */
export function today(): Promise<Today> {
  return call("today");
}

/** Whether a vault exists here and whether it is unlocked. */
export function vaultStatus(): Promise<VaultStatus> {
  return call("vault_status");
}

/** Creates a new vault with this passphrase; the result carries the one-time recovery key. */
export function createVault(passphrase: string): Promise<CreatedVault> {
  return call("create_vault", { passphrase });
}

/**
 * Unlocks the vault with the passphrase, then starts the background check for damage
 * (see `background_check`).
 */
export function unlock(passphrase: string): Promise<VaultStatus> {
  return call("unlock", { passphrase });
}

/** Locks the vault now. */
export function lock(): Promise<VaultStatus> {
  return call("lock");
}

/**
 * Unlocks with the recovery key and sets a new passphrase, then starts the background
 * check for damage.
 */
export function recover(recoveryKey: string, newPassphrase: string): Promise<VaultStatus> {
  return call("recover", { recoveryKey, newPassphrase });
}

/**
 * Asks in a native Save dialog where to save the recovery key (as `create_vault` or
 * `rotate_keys` gave it) on a page to print, and saves it there as a PDF readable only by
 * this user; the saved file as a choice for `open_saved_pdf`, or null when cancelled.
 */
export function saveRecoveryKeyPdf(recoveryKey: string): Promise<FileChoice | null> {
  return call("save_recovery_key_pdf", { recoveryKey });
}

/** Changes the passphrase, given the current one. */
export function changePassphrase(current: string, newPassphrase: string): Promise<null> {
  return call("change_passphrase", { current, newPassphrase });
}

/**
 * Changes the passphrase and every key that locks the record; the result carries the new
 * one-time recovery key.
 */
export function rotateKeys(current: string, newPassphrase: string): Promise<NewKeys> {
  return call("rotate_keys", { current, newPassphrase });
}

/** Makes a new recovery key (the old one stops working), given the passphrase. */
export function newRecoveryKey(passphrase: string): Promise<NewKeys> {
  return call("new_recovery_key", { passphrase });
}

/** A strong passphrase the person may choose to use. */
export function suggestPassphrase(): Promise<string> {
  return call("suggest_passphrase");
}

/**
 * How strong a new passphrase would be: the backend's estimate, its label ("Weak",
 * "Fair", "Strong") and advice, for the hint beside a new-passphrase field. Needs no
 * vault; stores nothing.
 */
export function passphraseStrength(passphrase: string): Promise<PassphraseStrength> {
  return call("passphrase_strength", { passphrase });
}

/** The UI calls this on keyboard and pointer activity so auto-lock counts real idleness. */
export function keepAlive(): Promise<null> {
  return call("keep_alive");
}

/** Everyone whose record is kept in this vault. */
export function listPeople(): Promise<Array<Person>> {
  return call("list_people");
}

/** Adds a person. */
export function addPerson(input: PersonInput): Promise<Person> {
  return call("add_person", { input });
}

/**
 * Every problem with a person's details, in field order: the checks `add_person` and
 * `update_person` make, with nothing stored. Works with the vault locked.
 */
export function checkPerson(input: PersonInput): Promise<Array<AppError>> {
  return call("check_person", { input });
}

/**
 * `check_person` for changing the details of the person `id`: they are not compared with
 * themselves for someone already added or a second "me".
 */
export function checkPersonUpdate(id: PersonId, input: PersonInput): Promise<Array<AppError>> {
  return call("check_person_update", { id, input });
}

/** Changes a person's details. */
export function updatePerson(id: PersonId, input: PersonInput): Promise<Person> {
  return call("update_person", { id, input });
}

/**
 * Records that the holder checked they still have the right to look after the cared-for
 * person `id`'s record, with the next review date (`YYYY-MM-DD`; null: a year from today).
 */
export function markReviewDone(id: PersonId, nextReviewOn: string | null): Promise<Person> {
  return call("mark_review_done", { id, nextReviewOn });
}

/** Deletes a person and their whole record; `confirm_name` must be their name. */
export function deletePerson(id: PersonId, confirmName: string): Promise<null> {
  return call("delete_person", { id, confirmName });
}

/** What was done to a person's record, newest first. */
export function auditLog(personId: PersonId): Promise<Array<AuditEntry>> {
  return call("audit_log", { personId });
}

/** Checks the audit log's hash chain for one person, or everyone when `person_id` is null. */
export function verifyAudit(personId: PersonId | null): Promise<Array<AuditReport>> {
  return call("verify_audit", { personId });
}

/**
 * Who did what on a person's record, by who did it (their carer, the person, you), each
 * in plain words with its en-GB time, newest first.
 */
export function carerActivity(personId: PersonId): Promise<CarerActivity> {
  return call("carer_activity", { personId });
}

/**
 * The native Save dialog for a package handing this person's record over (the choice
 * serves no one else's); null when the person cancels.
 */
export function chooseHandoverPath(personId: PersonId): Promise<FileChoice | null> {
  return call("choose_handover_path", { personId });
}

/**
 * Writes the handover package where the person chose (`choice`, from
 * `choose_handover_path`); the one-time handover code, shown once. Nothing is removed
 * until `handover_confirm`.
 */
export function handoverCreate(personId: PersonId, choice: FileHandle): Promise<HandoverCreated> {
  return call("handover_create", { personId, choice });
}

/**
 * Asks in a native Save dialog where to save the handover code (as `handover_create` gave
 * it) on a page to print, and saves it there as a PDF readable only by this user; the saved
 * file as a choice for `open_saved_pdf`, or null when cancelled.
 */
export function saveHandoverCodePdf(code: string): Promise<FileChoice | null> {
  return call("save_handover_code_pdf", { code });
}

/** Whether a handover of the person's record is waiting for its receipt code. */
export function handoverStatus(personId: PersonId): Promise<HandoverStatus> {
  return call("handover_status", { personId });
}

/**
 * Finishes a handover with the receipt code the other app showed: the person is removed
 * from this vault. A wrong receipt removes nothing (HANDOVER_RECEIPT_WRONG).
 */
export function handoverConfirm(personId: PersonId, receipt: string): Promise<null> {
  return call("handover_confirm", { personId, receipt });
}

/**
 * The receipt code the handover that brought this record gave, kept until the person
 * says it was given (`handover_receipt_given`); null then, and for any other record.
 */
export function handoverReceipt(personId: PersonId): Promise<HandoverReceipt | null> {
  return call("handover_receipt", { personId });
}

/** The person has given the receipt code back: it is no longer kept or shown. */
export function handoverReceiptGiven(personId: PersonId): Promise<null> {
  return call("handover_receipt_given", { personId });
}

/** The native Open dialog for a handover package, on the first screen; null when cancelled. */
export function chooseHandoverFile(): Promise<FileChoice | null> {
  return call("choose_handover_file");
}

/**
 * Receives the handover package chosen (`choice`, from `choose_handover_file`) with its
 * code into a new vault with `new_password`, and unlocks it: the recovery key and the
 * receipt code to give back, each shown once.
 */
export function handoverAccept(choice: FileHandle, code: string, newPassword: string): Promise<HandoverReceived> {
  return call("handover_accept", { choice, code, newPassword });
}

/**
 * Whether the person has their own password, whether it is open now, how many entries
 * they keep private (when they let their carer see it), and the words their section shows.
 */
export function ownAccessStatus(personId: PersonId): Promise<OwnAccessStatus> {
  return call("own_access_status", { personId });
}

/**
 * Sets up a cared-for person's own password (they type it); the result carries their
 * one-time recovery key.
 */
export function setOwnAccess(personId: PersonId, password: string): Promise<OwnAccessCreated> {
  return call("set_own_access", { personId, password });
}

/** Opens the person's own access with their own password (any other closes first). */
export function openOwnAccess(personId: PersonId, password: string): Promise<OwnAccessStatus> {
  return call("open_own_access", { personId, password });
}

/** Opens the person's own access with their recovery key and sets a new own password. */
export function openOwnAccessWithRecovery(personId: PersonId, recoveryKey: string, newPassword: string): Promise<OwnAccessStatus> {
  return call("open_own_access_with_recovery", { personId, recoveryKey, newPassword });
}

/** Closes the own access that is open (it also closes at a lock and at auto-lock). */
export function closeOwnAccess(): Promise<null> {
  return call("close_own_access");
}

/** Changes the person's own password (their own access open). */
export function changeOwnPassword(personId: PersonId, newPassword: string): Promise<null> {
  return call("change_own_password", { personId, newPassword });
}

/** At 16 or over, the person lets the carer who had parental responsibility carry on looking after their record (their own access open). */
export function continueCareAfterSixteen(personId: PersonId): Promise<OwnAccessStatus> {
  return call("continue_care_after_sixteen", { personId });
}

/** What the person lets their carer see and do, with the words beside each box (their own access open). */
export function ownLimits(personId: PersonId): Promise<OwnLimits> {
  return call("own_limits", { personId });
}

/** What saving these limits would do, in sentences for the confirmation; nothing moves. */
export function checkOwnLimits(personId: PersonId, input: OwnLimitsInput): Promise<Array<string>> {
  return call("check_own_limits", { personId, input });
}

/** Saves what the person lets their carer see and do, and moves entries to match; what moved, in words. */
export function setOwnLimits(personId: PersonId, input: OwnLimitsInput): Promise<OwnLimitsChanged> {
  return call("set_own_limits", { personId, input });
}

/** Keeps one entry of the person's record private from their carer, by itself (their own access open). */
export function keepEntryPrivate(personId: PersonId, entryId: EntryId): Promise<OwnLimitsChanged> {
  return call("keep_entry_private", { personId, entryId });
}

/** Shows a private entry kept private by itself to the carer again (their own access open). */
export function showEntryAgain(personId: PersonId, entryId: EntryId): Promise<OwnLimitsChanged> {
  return call("show_entry_again", { personId, entryId });
}

/** A page of the person's private entries, newest first (their own access open). */
export function privateEntries(personId: PersonId, cursor: string | null): Promise<TimelinePage> {
  return call("private_entries", { personId, cursor });
}

/** One private entry in full (their own access open). */
export function privateEntry(personId: PersonId, entryId: EntryId): Promise<EntryDetail> {
  return call("private_entry", { personId, entryId });
}

/** The app's settings. */
export function getSettings(): Promise<Settings> {
  return call("get_settings");
}

/** Saves the app's settings and returns them as stored. */
export function setSettings(settings: Settings): Promise<Settings> {
  return call("set_settings", { settings });
}

/** The interface preferences (the text size), locked or not: kept outside the vault. */
export function getPreferences(): Promise<Preferences> {
  return call("get_preferences");
}

/** Saves the interface preferences, locked or not, and returns them as stored. */
export function setPreferences(preferences: Preferences): Promise<Preferences> {
  return call("set_preferences", { preferences });
}

/**
 * The native Save dialog for a new backup: the choice's one-time handle and the file's
 * name; null when the person cancels.
 */
export function chooseBackupPath(): Promise<FileChoice | null> {
  return call("choose_backup_path");
}

/**
 * Writes an encrypted backup of the whole vault where the person chose (`choice`, from
 * `choose_backup_path`).
 */
export function createBackup(choice: FileHandle): Promise<BackupInfo> {
  return call("create_backup", { choice });
}

/** The native Open dialog for a backup to restore; null when the person cancels. */
export function chooseRestoreFile(): Promise<FileChoice | null> {
  return call("choose_restore_file");
}

/**
 * Replaces the vault with the backup the person chose (`choice`, from
 * `choose_restore_file`), opened with its passphrase.
 */
export function restoreBackup(choice: FileHandle, passphrase: string): Promise<VaultStatus> {
  return call("restore_backup", { choice, passphrase });
}

/**
 * Reads every person's record whole and checks it for damage ("Check my record for
 * damage" in Settings), sending `check-progress` before each person's; what it found, in
 * plain words. Each check is recorded in the person's audit log.
 */
export function checkRecord(): Promise<RecordCheck> {
  return call("check_record");
}

/**
 * What the background check after unlock has found (each record read whole at most once
 * a week): a damaged record named with what to do, for the notice on People and on the
 * person's page. The window asks again every so often; asking is not activity.
 */
export function backgroundCheck(): Promise<BackgroundCheck> {
  return call("background_check");
}

/** How many entries of each kind a person's record holds. */
export function recordSummary(personId: PersonId): Promise<RecordSummary> {
  return call("record_summary", { personId });
}

/** A person's medicines, each once, with whether each is current and its plans and issues. */
export function medicines(personId: PersonId): Promise<Medicines> {
  return call("medicines", { personId });
}

/** One page of a person's timeline. */
export function timeline(personId: PersonId, query: TimelineQuery): Promise<TimelinePage> {
  return call("timeline", { personId, query });
}

/** One entry of the record, in full. */
export function entry(personId: PersonId, entryId: EntryId): Promise<EntryDetail> {
  return call("entry", { personId, entryId });
}

/** Entries matching `text`, best first; at most `limit` (a default when null). */
export function searchRecord(personId: PersonId, text: string, limit: number | null): Promise<Array<SearchHit>> {
  return call("search_record", { personId, text, limit });
}

/**
 * What a search's lay words were searched as, and the record's nearest words to offer
 * when it finds nothing.
 */
export function searchHelp(personId: PersonId, text: string): Promise<SearchHelp> {
  return call("search_help", { personId, text });
}

/** Marks an entry as shared normally, sensitive or held back. */
export function setEntrySensitivity(personId: PersonId, entryId: EntryId, sensitivity: Sensitivity): Promise<EntryDetail> {
  return call("set_entry_sensitivity", { personId, entryId, sensitivity });
}

/** Past imports into a person's record (FHIR files, GP records, device files), newest first. */
export function importHistory(personId: PersonId): Promise<Array<ImportRun>> {
  return call("import_history", { personId });
}

/** What undoing an import would remove and put back, with nothing changed. */
export function previewUndoImport(personId: PersonId, importId: ImportId): Promise<ImportUndo> {
  return call("preview_undo_import", { personId, importId });
}

/** Undoes an import as a whole (after the person confirmed). */
export function undoImport(personId: PersonId, importId: ImportId): Promise<ImportUndo> {
  return call("undo_import", { personId, importId });
}

/**
 * The native Open dialog for FHIR JSON files (one or more) to import into this person's
 * record (the choice serves no one else's); null when the person cancels.
 */
export function chooseFhirFiles(personId: PersonId): Promise<FileChoice | null> {
  return call("choose_fhir_files", { personId });
}

/**
 * Imports the FHIR JSON files the person chose (`choice`, from `choose_fhir_files`) into
 * a person's record.
 */
export function importFiles(personId: PersonId, choice: FileHandle): Promise<ImportReport> {
  return call("import_files", { personId, choice });
}

/**
 * What the person is asked before the files they chose (`choice`, from
 * `choose_fhir_files`) are imported, when an International Patient Summary among them is
 * about someone the app cannot match to them (after `import_files` refused with
 * IMPORT_SUBJECT_UNCONFIRMED): only what the document says of its subject, and why; null
 * when there is nothing to ask. The choice stays for the import.
 */
export function importSubjectQuestion(personId: PersonId, choice: FileHandle): Promise<ImportSubjectQuestion | null> {
  return call("import_subject_question", { personId, choice });
}

/**
 * Imports the files the person chose after they confirmed the International Patient
 * Summary among them is about them.
 */
export function importFilesConfirmed(personId: PersonId, choice: FileHandle): Promise<ImportReport> {
  return call("import_files_confirmed", { personId, choice });
}

/** The GP practices the app knows how to sign in to. */
export function gpPractices(): Promise<Array<GpPractice>> {
  return call("gp_practices");
}

/**
 * The demo practice's made-up patients (name, date of birth, NHS number), asked of the
 * demo practice; empty when it is not running beside the app.
 */
export function gpDemoPatients(): Promise<Array<DemoPatient>> {
  return call("gp_demo_patients");
}

/**
 * Practices in the practice directory whose name or postcode matches `query`, ignoring
 * case and spaces.
 */
export function searchPractices(query: string): Promise<PracticeSearch> {
  return call("search_practices", { query });
}

/**
 * Signs in to the practice at `url` (one of `gp_practices`, or an address the person
 * typed, which must be https, or http only on this computer, with no user name or
 * password, query or fragment in it) and imports the person's record from it. A typed
 * address is first confirmed by the person in a native dialog naming its host; Cancel
 * rejects with IMPORT_CANCELLED before anything is sent. Progress
 * arrives as `import-progress` events; an event the window cannot take is dropped and the
 * import carries on. With `stay_connected` (the person ticked "Stay connected") what the
 * practice gives for lasting access is kept, encrypted in the record, for `update_from_gp`.
 */
export function importFromGp(personId: PersonId, url: string, stayConnected: boolean): Promise<ImportReport> {
  return call("import_from_gp", { personId, url, stayConnected });
}

/** Stops a running GP import, update or disconnection; nothing from it is kept. */
export function cancelGpImport(): Promise<null> {
  return call("cancel_gp_import");
}

/** Whether the person's record stays connected to its GP practice, in words. */
export function gpConnectionStatus(personId: PersonId): Promise<GpConnectionStatus> {
  return call("gp_connection_status", { personId });
}

/**
 * Checks the connected practice for updates without a sign-in and imports what changed;
 * progress arrives as `import-progress` events, and `cancel_gp_import` stops it.
 */
export function updateFromGp(personId: PersonId): Promise<ImportReport> {
  return call("update_from_gp", { personId });
}

/**
 * Disconnects from the practice: it is asked to stop the app's access, and the app
 * forgets the connection whatever it answers.
 */
export function disconnectGp(personId: PersonId): Promise<GpDisconnected> {
  return call("disconnect_gp", { personId });
}

/** The native Save dialog for an export of the whole record; null when the person cancels. */
export function chooseExportPath(personId: PersonId): Promise<FileChoice | null> {
  return call("choose_export_path", { personId });
}

/**
 * Asks in a native Save dialog where to save the person's record summary as a PDF and
 * saves it there; the saved file as a choice for `open_saved_pdf`, or null when the person
 * cancels.
 */
export function saveSummaryPdf(personId: PersonId): Promise<FileChoice | null> {
  return call("save_summary_pdf", { personId });
}

/**
 * Asks where to save the appointment summary ("For my appointment") as a PDF and saves
 * it there; `null` when the person cancels.
 */
export function saveAppointmentSummaryPdf(personId: PersonId): Promise<FileChoice | null> {
  return call("save_appointment_summary_pdf", { personId });
}

/**
 * Asks where to save the emergency card as a PDF and saves it there; `null` when the
 * person cancels.
 */
export function saveEmergencyCardPdf(personId: PersonId): Promise<FileChoice | null> {
  return call("save_emergency_card_pdf", { personId });
}

/**
 * Opens a PDF just saved (`choice`, from a `save_*_pdf` command) in the system's viewer,
 * to read or print.
 */
export function openSavedPdf(choice: FileHandle): Promise<null> {
  return call("open_saved_pdf", { choice });
}

/**
 * Writes the whole record as a FHIR Bundle (not encrypted) where the person chose
 * (`choice`, from `choose_export_path`).
 */
export function exportFhir(personId: PersonId, choice: FileHandle): Promise<ExportInfo> {
  return call("export_fhir", { personId, choice });
}

/**
 * The native Save dialog for an International Patient Summary of the person's record;
 * null when the person cancels.
 */
export function chooseIpsExportPath(personId: PersonId): Promise<FileChoice | null> {
  return call("choose_ips_export_path", { personId });
}

/**
 * Writes an International Patient Summary (a FHIR document for a professional's system,
 * not encrypted) where the person chose (`choice`, from `choose_ips_export_path`), leaving
 * out the entries with the labels in `leave_out`.
 */
export function exportIps(personId: PersonId, choice: FileHandle, leaveOut: Array<Sensitivity>): Promise<ExportInfo> {
  return call("export_ips", { personId, choice, leaveOut });
}

/** Every problem with an own entry's form, each on its field, with nothing stored. */
export function checkOwnEntry(form: OwnEntryForm): Promise<Array<AppError>> {
  return call("check_own_entry", { form });
}

/**
 * Adds one of the person's own entries (a condition, medicine, allergy, vaccination,
 * procedure or note), shown everywhere as "Added by you" (or by their carer).
 */
export function addOwnEntry(personId: PersonId, form: OwnEntryForm): Promise<OwnEntrySaved> {
  return call("add_own_entry", { personId, form });
}

/** The person's own entries, newest added first, each with its edit form's values. */
export function ownEntries(personId: PersonId): Promise<Array<OwnEntry>> {
  return call("own_entries", { personId });
}

/** One own entry, with its edit form's values. */
export function ownEntry(personId: PersonId, entryId: EntryId): Promise<OwnEntry> {
  return call("own_entry", { personId, entryId });
}

/** Changes an own entry; the earlier version is kept. */
export function editOwnEntry(personId: PersonId, entryId: EntryId, form: OwnEntryForm): Promise<OwnEntrySaved> {
  return call("edit_own_entry", { personId, entryId, form });
}

/** Deletes an own entry; the answer holds the token that puts it back. */
export function deleteOwnEntry(personId: PersonId, entryId: EntryId): Promise<OwnEntryDeleted> {
  return call("delete_own_entry", { personId, entryId });
}

/** Puts back an own entry deleted with `delete_own_entry` (its `undoToken`). */
export function restoreOwnEntry(personId: PersonId, undoToken: string): Promise<OwnEntrySaved> {
  return call("restore_own_entry", { personId, undoToken });
}

/** The person's own note on any entry (a GP's included) and whether it is hidden. */
export function entryNote(personId: PersonId, entryId: EntryId): Promise<EntryNote> {
  return call("entry_note", { personId, entryId });
}

/**
 * Writes the person's own note on an entry, kept beside it (the entry is never changed);
 * null or empty removes it.
 */
export function setEntryNote(personId: PersonId, entryId: EntryId, note: string | null): Promise<EntryNote> {
  return call("set_entry_note", { personId, entryId, note });
}

/**
 * Hides an entry from the person's timeline, or shows it again; it stays in the record
 * and in every export.
 */
export function setEntryHidden(personId: PersonId, entryId: EntryId, hidden: boolean): Promise<EntryNote> {
  return call("set_entry_hidden", { personId, entryId, hidden });
}

/** The entries the person hid from their timeline. */
export function hiddenEntries(personId: PersonId): Promise<HiddenEntries> {
  return call("hidden_entries", { personId });
}

/**
 * The native Open dialog for a letter (PDF) or photo (JPEG, PNG) to keep in the person's
 * record; the choice goes in an own entry's form (`file`). Null when the person cancels.
 */
export function chooseAttachmentFile(personId: PersonId): Promise<FileChoice | null> {
  return call("choose_attachment_file", { personId });
}

/**
 * A photo kept in the record (`attachment_id`, from an own entry's `file`), to show on
 * its page; a PDF is refused (it is saved and opened instead).
 */
export function attachmentImage(personId: PersonId, attachmentId: AttachmentId): Promise<AttachmentImage> {
  return call("attachment_image", { personId, attachmentId });
}

/**
 * Asks in a native Save dialog where to save a copy of a kept file (not encrypted) and
 * saves it there; the saved copy as a choice for `open_saved_pdf`, or null when cancelled.
 */
export function saveAttachmentCopy(personId: PersonId, attachmentId: AttachmentId): Promise<FileChoice | null> {
  return call("save_attachment_copy", { personId, attachmentId });
}

/**
 * The decisions the person has made (organ donation, an advance decision to refuse
 * treatment, a ReSPECT form, a lasting power of attorney), each kind's latest first.
 */
export function decisions(personId: PersonId): Promise<Decisions> {
  return call("decisions", { personId });
}

/**
 * The person's reminders with when each fires next, what is due now, missed and done, and
 * whether notifications may name details.
 */
export function reminders(personId: PersonId): Promise<Reminders> {
  return call("reminders", { personId });
}

/** Every problem with a reminder's form, each on its field, with nothing stored. */
export function checkReminder(form: ReminderForm): Promise<Array<AppError>> {
  return call("check_reminder", { form });
}

/** Sets a reminder. */
export function addReminder(personId: PersonId, form: ReminderForm): Promise<ReminderChanged> {
  return call("add_reminder", { personId, form });
}

/** Removes a reminder (the screen asks first). */
export function removeReminder(personId: PersonId, reminderId: string): Promise<ReminderChanged> {
  return call("remove_reminder", { personId, reminderId });
}

/**
 * Ticks a medicine reminder's firing (`firedAt`, as the panel gave it) as taken, or takes
 * the tick back.
 */
export function setReminderTaken(personId: PersonId, reminderId: string, firedAt: string, taken: boolean): Promise<Reminders> {
  return call("set_reminder_taken", { personId, reminderId, firedAt, taken });
}

/** Lets notifications name what the person's reminders are for and whose they are, or stops them. */
export function setReminderDetails(personId: PersonId, shown: boolean): Promise<Reminders> {
  return call("set_reminder_details", { personId, shown });
}

/**
 * The person's "What matters to me" (with the practice their GP record names when they
 * have not named one).
 */
export function aboutMe(personId: PersonId): Promise<AboutMe> {
  return call("about_me", { personId });
}

/** Every problem with a "What matters to me" form, each with its part, item and field. */
export function checkAboutMe(form: AboutMe): Promise<Array<AboutMeProblem>> {
  return call("check_about_me", { form });
}

/**
 * Saves "What matters to me" whole, as the form holds it; what it removes can be put back
 * with the answer's `undoToken`.
 */
export function setAboutMe(personId: PersonId, form: AboutMe): Promise<AboutMeSaved> {
  return call("set_about_me", { personId, form });
}

/** Puts back what `set_about_me` removed (its `undoToken`). */
export function restoreAboutMe(personId: PersonId, undoToken: string): Promise<AboutMeSaved> {
  return call("restore_about_me", { personId, undoToken });
}

/** Every kind of reading, with its fields, units and limits. */
export function readingKinds(): Promise<Array<ReadingKindInfo>> {
  return call("reading_kinds");
}

/** For every kind: how many readings the person has and the newest one. */
export function readingOverview(personId: PersonId): Promise<Array<ReadingKindOverview>> {
  return call("reading_overview", { personId });
}

/**
 * Why `add_reading` would refuse this reading now (impossible, or unusual and not yet
 * confirmed); empty when it would store it. Stores nothing.
 */
export function checkReading(input: ReadingInput): Promise<Array<AppError>> {
  return call("check_reading", { input });
}

/** Adds a reading. */
export function addReading(personId: PersonId, input: ReadingInput): Promise<Reading> {
  return call("add_reading", { personId, input });
}

/**
 * Opens where the advice of a red-flag row comes from (an NHS or NICE page) in the
 * person's web browser, named by the row's id (`Advice.rule`); no other address can be opened.
 */
export function openAdviceSource(rule: string): Promise<null> {
  return call("open_advice_source", { rule });
}

/**
 * Opens the NHS website page of an entry's meaning (`EntryDetail.nhsUrl`) in the person's
 * web browser; only the meanings table's own addresses open.
 */
export function openMeaningPage(url: string): Promise<null> {
  return call("open_meaning_page", { url });
}

/** Changes a reading. */
export function updateReading(personId: PersonId, readingId: ReadingId, input: ReadingInput): Promise<Reading> {
  return call("update_reading", { personId, readingId, input });
}

/** Deletes a reading (it can be restored). */
export function deleteReading(personId: PersonId, readingId: ReadingId): Promise<null> {
  return call("delete_reading", { personId, readingId });
}

/** Brings back a deleted reading. */
export function restoreReading(personId: PersonId, readingId: ReadingId): Promise<Reading> {
  return call("restore_reading", { personId, readingId });
}

/** One page of a person's readings. */
export function listReadings(personId: PersonId, query: ReadingQuery): Promise<ReadingPage> {
  return call("list_readings", { personId, query });
}

/** Averages and ranges for one kind of reading between two dates (either may be null). */
export function readingStats(personId: PersonId, kind: ReadingKind, from: string | null, to: string | null): Promise<ReadingStats> {
  return call("reading_stats", { personId, kind, from, to });
}

/**
 * The glucose report (time in range, average, GMI, variability, the profile through the
 * day) of the days `from` to `to` (either may be null: the last 14 days up to today).
 */
export function glucoseReport(personId: PersonId, from: string | null, to: string | null): Promise<GlucoseReport> {
  return call("glucose_report", { personId, from, to });
}

/** The points to chart for one kind of reading, at most `max_points`. */
export function chartSeries(personId: PersonId, kind: ReadingKind, from: string, to: string, maxPoints: number): Promise<ChartSeries> {
  return call("chart_series", { personId, kind, from, to, maxPoints });
}

/** A person's targets. */
export function targets(personId: PersonId): Promise<Array<Target>> {
  return call("targets", { personId });
}

/** Why `set_target` would refuse this target; empty when it would accept it. */
export function checkTarget(target: Target): Promise<Array<AppError>> {
  return call("check_target", { target });
}

/** Sets one target and returns them all. */
export function setTarget(personId: PersonId, target: Target): Promise<Array<Target>> {
  return call("set_target", { personId, target });
}

/** The native Open dialog for a device export file; null when the person cancels. */
export function chooseDeviceFile(personId: PersonId): Promise<FileChoice | null> {
  return call("choose_device_file", { personId });
}

/**
 * What importing the device file the person chose (`choice`, from `choose_device_file`)
 * would add, without adding it; the choice stays for the import.
 */
export function previewDeviceFile(personId: PersonId, choice: FileHandle, format: DeviceFormat | null, mapping: ColumnMapping | null): Promise<DeviceImportPreview> {
  return call("preview_device_file", { personId, choice, format, mapping });
}

/**
 * Imports the readings in the device file the person chose; one that names someone else
 * only with `confirm_owner`.
 */
export function importDeviceFile(personId: PersonId, choice: FileHandle, format: DeviceFormat | null, mapping: ColumnMapping | null, confirmOwner: boolean): Promise<DeviceImportResult> {
  return call("import_device_file", { personId, choice, format, mapping, confirmOwner });
}

/** The person's week of home blood pressure readings, if one is running. */
export function bpWeek(personId: PersonId): Promise<BpWeek> {
  return call("bp_week", { personId });
}

/** Starts a week of home blood pressure readings. */
export function startBpWeek(personId: PersonId): Promise<BpWeek> {
  return call("start_bp_week", { personId });
}

/** The native Save dialog for the readings as FHIR Observations; null when the person cancels. */
export function chooseReadingsExportPath(personId: PersonId): Promise<FileChoice | null> {
  return call("choose_readings_export_path", { personId });
}

/**
 * Asks in a native Save dialog where to save the person's home blood pressure week as a
 * PDF and saves it there; the saved file as a choice for `open_saved_pdf`, or null when
 * the person cancels. INVALID_INPUT while the week has no average.
 */
export function saveBpWeekPdf(personId: PersonId): Promise<FileChoice | null> {
  return call("save_bp_week_pdf", { personId });
}

/**
 * Asks in a native Save dialog where to save the person's glucose report of `from`..`to`
 * (as `glucose_report` takes them) as a PDF and saves it there; the saved file as a choice
 * for `open_saved_pdf`, or null when the person cancels.
 */
export function saveGlucoseReportPdf(personId: PersonId, from: string | null, to: string | null): Promise<FileChoice | null> {
  return call("save_glucose_report_pdf", { personId, from, to });
}

/**
 * Writes a person's readings as FHIR Observations (not encrypted) where the person chose
 * (`choice`, from `choose_readings_export_path`).
 */
export function exportReadings(personId: PersonId, choice: FileHandle): Promise<ExportInfo> {
  return call("export_readings", { personId, choice });
}

/** What a share with this request would hold, and what it would leave out. */
export function sharePreview(personId: PersonId, request: ShareRequest): Promise<SharePreview> {
  return call("share_preview", { personId, request });
}

/**
 * The native Save dialog for a new package, offering `health-record-share-<today>.phrshare`
 * (today by the backend's clock); null when the person cancels.
 */
export function chooseSharePath(personId: PersonId): Promise<FileChoice | null> {
  return call("choose_share_path", { personId });
}

/**
 * Every problem with a share request, in the form's order (who, why, what, until when):
 * the checks `share_preview` and `share_create` make, with nothing gathered or stored.
 */
export function checkShareRequest(request: ShareRequest): Promise<Array<AppError>> {
  return call("check_share_request", { request });
}

/**
 * Seals the previewed draft `draftId` (from `share_preview`) into a package where the
 * person chose (`choice`, from `choose_share_path`) and records it; SHARE_PREVIEW_STALE
 * when the record changed after that preview.
 */
export function shareCreate(personId: PersonId, draftId: ShareDraftId, choice: FileHandle): Promise<ShareCreated> {
  return call("share_create", { personId, draftId, choice });
}

/** The shares a person has made. */
export function shareList(personId: PersonId): Promise<Array<ShareInfo>> {
  return call("share_list", { personId });
}

/** Marks a share as revoked. */
export function shareRevoke(personId: PersonId, shareId: ShareId): Promise<ShareInfo> {
  return call("share_revoke", { personId, shareId });
}

/** The public half of the person's signing key, to check packages they made. */
export function signingKey(personId: PersonId): Promise<KeyInfo> {
  return call("signing_key", { personId });
}

/**
 * The native Open dialog for a package (*.phrshare, or *.age as earlier versions saved
 * them); null when cancelled. Works with no vault.
 */
export function chooseSharePackage(): Promise<FileChoice | null> {
  return call("choose_share_package");
}

/**
 * The native Open dialog for an age identity file; null when cancelled. Only its name
 * reaches the webview; the backend reads the key.
 */
export function chooseShareIdentity(): Promise<FileChoice | null> {
  return call("choose_share_identity");
}

/**
 * Opens and checks the package the person chose (`choice`, from `choose_share_package`)
 * with the access code typed or the identity chosen (`identity`, from
 * `choose_share_identity`); it is kept in the backend's memory only. Works with no vault.
 */
export function shareOpen(choice: FileHandle, accessCode: string | null, identity: FileHandle | null): Promise<OpenedShare> {
  return call("share_open", { choice, accessCode, identity });
}

/** The native folder dialog for saving an opened package's files; null when cancelled. */
export function chooseShareSaveDir(): Promise<FileChoice | null> {
  return call("choose_share_save_dir");
}

/**
 * Writes the opened package's files (not encrypted) into the folder the person chose
 * (`choice`, from `choose_share_save_dir`); returns the paths written.
 */
export function shareSaveOpened(choice: FileHandle): Promise<Array<string>> {
  return call("share_save_opened", { choice });
}

/** Drops the opened package from memory. */
export function shareCloseOpened(): Promise<null> {
  return call("share_close_opened");
}

/** Every event the backend sends the window, by name, with its payload. */
export type Events = {
  "vault-locked": VaultStatus;
  "import-progress": ImportProgress;
  "check-progress": CheckProgress;
  "files-dropped": FileChoice;
  "file-opened": OpenedFile;
};

/** Every event's name on the wire. */
export const EVENTS = {
  vaultLocked: "vault-locked",
  importProgress: "import-progress",
  checkProgress: "check-progress",
  filesDropped: "files-dropped",
  fileOpened: "file-opened",
} as const satisfies Record<string, keyof Events>;

/** The vault locked itself after the person was idle; the payload is the status after locking. */
export function onVaultLocked(handler: (payload: VaultStatus) => void): Promise<() => void> {
  return subscribe("vault-locked", handler);
}

/** One step of a GP import (see `import_from_gp`). */
export function onImportProgress(handler: (payload: ImportProgress) => void): Promise<() => void> {
  return subscribe("import-progress", handler);
}

/** How far the check for damage has got (see `check_record`). */
export function onCheckProgress(handler: (payload: CheckProgress) => void): Promise<() => void> {
  return subscribe("check-progress", handler);
}

/**
 * Files dragged from the desktop and dropped onto the window, kept as FHIR files to
 * import: the choice's one-time handle (for `import_files`) and the name to show.
 */
export function onFilesDropped(handler: (payload: FileChoice) => void): Promise<() => void> {
  return subscribe("files-dropped", handler);
}

/**
 * A shared record or backup opened from the desktop while the app was already running
 * (a second launch, which hands its file over and exits): the choice for its screen.
 */
export function onFileOpened(handler: (payload: OpenedFile) => void): Promise<() => void> {
  return subscribe("file-opened", handler);
}
