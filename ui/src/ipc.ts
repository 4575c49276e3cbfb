// The only way the UI talks to the backend. No other file imports `invoke`
// or `listen`. Every function returns a Promise; a rejection from the backend
// (an AppError) is rethrown as an IpcError so the UI can branch on `code`.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { AppError } from "./bindings/AppError";
import type { AuditAction } from "./bindings/AuditAction";
import type { AuditEntry } from "./bindings/AuditEntry";
import type { AuditReport } from "./bindings/AuditReport";
import type { BackupInfo } from "./bindings/BackupInfo";
import type { CreatedVault } from "./bindings/CreatedVault";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { Person } from "./bindings/Person";
import type { PersonInput } from "./bindings/PersonInput";
import type { Settings } from "./bindings/Settings";
import type { VaultStatus } from "./bindings/VaultStatus";

export type {
  AppError,
  AuditAction,
  AuditEntry,
  AuditReport,
  BackupInfo,
  CreatedVault,
  ErrorCode,
  Person,
  PersonInput,
  Settings,
  VaultStatus,
};

/** A failed backend call. `code` is stable; `message` is for people. */
export class IpcError extends Error {
  readonly code: ErrorCode;
  readonly field: string | null;

  constructor(code: ErrorCode, message: string, field: string | null = null) {
    super(message);
    this.name = "IpcError";
    this.code = code;
    this.field = field;
  }
}

function isAppError(value: unknown): value is AppError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === "string" && typeof v.message === "string";
}

/** Turns whatever a rejected invoke gave us into an IpcError. */
export function toIpcError(reason: unknown): IpcError {
  if (reason instanceof IpcError) return reason;
  if (isAppError(reason)) {
    const field = typeof reason.field === "string" ? reason.field : null;
    return new IpcError(reason.code, reason.message, field);
  }
  // Not an AppError: the IPC layer itself failed (command missing, bridge gone).
  const text = reason instanceof Error ? reason.message : String(reason);
  return new IpcError("INTERNAL", text || "Something went wrong.", null);
}

let lockedHandler: ((error: IpcError) => void) | null = null;

/** Called whenever any command fails because the vault is locked. */
export function onVaultLockedError(handler: ((error: IpcError) => void) | null): void {
  lockedHandler = handler;
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (reason) {
    const error = toIpcError(reason);
    if (error.code === "VAULT_LOCKED" && lockedHandler) lockedHandler(error);
    throw error;
  }
}

// Vault
export const vaultStatus = () => call<VaultStatus>("vault_status");
export const createVault = (passphrase: string) =>
  call<CreatedVault>("create_vault", { passphrase });
export const unlock = (passphrase: string) => call<VaultStatus>("unlock", { passphrase });
export const lock = () => call<VaultStatus>("lock");
export const recover = (recoveryKey: string, newPassphrase: string) =>
  call<VaultStatus>("recover", { recoveryKey, newPassphrase });
export const changePassphrase = (current: string, newPassphrase: string) =>
  call<null>("change_passphrase", { current, newPassphrase });
export const suggestPassphrase = () => call<string>("suggest_passphrase");

// People
export const listPeople = () => call<Person[]>("list_people");
export const addPerson = (input: PersonInput) => call<Person>("add_person", { input });
export const updatePerson = (id: string, input: PersonInput) =>
  call<Person>("update_person", { id, input });
export const deletePerson = (id: string, confirmName: string) =>
  call<null>("delete_person", { id, confirmName });

// Audit
export const auditLog = (personId: string) => call<AuditEntry[]>("audit_log", { personId });
export const verifyAudit = (personId: string) =>
  call<AuditReport[]>("verify_audit", { personId });

// Settings
export const getSettings = () => call<Settings>("get_settings");
export const setSettings = (settings: Settings) => call<Settings>("set_settings", { settings });

// Backups
export const chooseBackupPath = () => call<string | null>("choose_backup_path");
export const createBackup = (path: string) => call<BackupInfo>("create_backup", { path });
export const chooseRestoreFile = () => call<string | null>("choose_restore_file");
export const restoreBackup = (path: string, passphrase: string) =>
  call<VaultStatus>("restore_backup", { path, passphrase });

// Activity (the caller throttles: see idle.ts)
export const keepAlive = () => call<null>("keep_alive");

/** Runs `handler` when the backend locks the vault on its own (idle). */
export async function onVaultLocked(handler: (status: VaultStatus) => void): Promise<() => void> {
  try {
    return await listen<VaultStatus>("vault-locked", (event) => handler(event.payload));
  } catch (reason) {
    throw toIpcError(reason);
  }
}

// --- record and GP import (issue 3) ---
import { getCurrentWebview } from "@tauri-apps/api/webview";
import type { ExportInfo } from "./bindings/ExportInfo";
import type { Attachment } from "./bindings/Attachment";
import type { Code } from "./bindings/Code";
import type { EntryDetail } from "./bindings/EntryDetail";
import type { EntryKind } from "./bindings/EntryKind";
import type { EntrySummary } from "./bindings/EntrySummary";
import type { EntryValue } from "./bindings/EntryValue";
import type { Fact } from "./bindings/Fact";
import type { GpPractice } from "./bindings/GpPractice";
import type { ImportItem } from "./bindings/ImportItem";
import type { ImportOutcome } from "./bindings/ImportOutcome";
import type { ImportProgress } from "./bindings/ImportProgress";
import type { ImportReport } from "./bindings/ImportReport";
import type { ImportRun } from "./bindings/ImportRun";
import type { ImportStage } from "./bindings/ImportStage";
import type { KindCount } from "./bindings/KindCount";
import type { RecordSummary } from "./bindings/RecordSummary";
import type { SearchHit } from "./bindings/SearchHit";
import type { Sensitivity } from "./bindings/Sensitivity";
import type { Source } from "./bindings/Source";
import type { SourceKind } from "./bindings/SourceKind";
import type { TimelinePage } from "./bindings/TimelinePage";
import type { TimelineQuery } from "./bindings/TimelineQuery";

export type {
  Attachment,
  Code,
  EntryDetail,
  EntryKind,
  EntrySummary,
  EntryValue,
  ExportInfo,
  Fact,
  GpPractice,
  ImportItem,
  ImportOutcome,
  ImportProgress,
  ImportReport,
  ImportRun,
  ImportStage,
  KindCount,
  RecordSummary,
  SearchHit,
  Sensitivity,
  Source,
  SourceKind,
  TimelinePage,
  TimelineQuery,
};

export const recordSummary = (personId: string) => call<RecordSummary>("record_summary", { personId });
export const recordTimeline = (personId: string, query: TimelineQuery) =>
  call<TimelinePage>("timeline", { personId, query });
export const recordEntry = (personId: string, entryId: string) =>
  call<EntryDetail>("entry", { personId, entryId });
export const searchRecord = (personId: string, text: string, limit: number | null = null) =>
  call<SearchHit[]>("search_record", { personId, text, limit });
export const setEntrySensitivity = (personId: string, entryId: string, sensitivity: Sensitivity) =>
  call<EntryDetail>("set_entry_sensitivity", { personId, entryId, sensitivity });
export const importHistory = (personId: string) => call<ImportRun[]>("import_history", { personId });
/** The native Open dialog (several JSON files); [] when the citizen cancels. */
export const chooseFhirFiles = () => call<string[]>("choose_fhir_files");
export const importFiles = (personId: string, paths: string[]) =>
  call<ImportReport>("import_files", { personId, paths });
export const gpPractices = () => call<GpPractice[]>("gp_practices");
/** Resolves when the whole import has landed; progress arrives through onImportProgress. */
export const importFromGp = (personId: string, url: string) =>
  call<ImportReport>("import_from_gp", { personId, url });
export const cancelGpImport = () => call<null>("cancel_gp_import");
/** The native Save dialog for an export; null when the citizen cancels. */
export const chooseExportPath = () => call<string | null>("choose_export_path");
export const exportFhir = (personId: string, path: string) => call<ExportInfo>("export_fhir", { personId, path });

/** Runs `handler` for each `import-progress` event of a GP import. */
export async function onImportProgress(handler: (progress: ImportProgress) => void): Promise<() => void> {
  try {
    return await listen<ImportProgress>("import-progress", (event) => handler(event.payload));
  } catch (reason) {
    throw toIpcError(reason);
  }
}

/** What a file drag over the window is doing: `over` while files hover, `drop` with their paths. */
export type FileDrag = { type: "over" } | { type: "leave" } | { type: "drop"; paths: string[] };

/** Files dragged from the desktop onto the window: the webview's drag-drop events, with paths. */
export async function onFileDrag(handler: (drag: FileDrag) => void): Promise<() => void> {
  try {
    return await getCurrentWebview().onDragDropEvent((event) => {
      const p = event.payload;
      if (p.type === "drop") handler({ type: "drop", paths: p.paths });
      else if (p.type === "leave") handler({ type: "leave" });
      else handler({ type: "over" });
    });
  } catch (reason) {
    throw toIpcError(reason);
  }
}

// --- readings (issue 4) ---
import type { BpWeek } from "./bindings/BpWeek";
import type { BpWeekDay } from "./bindings/BpWeekDay";
import type { ChartSeries } from "./bindings/ChartSeries";
import type { ColumnMapping } from "./bindings/ColumnMapping";
import type { ContextOption } from "./bindings/ContextOption";
import type { DeviceFormat } from "./bindings/DeviceFormat";
import type { DeviceImportPreview } from "./bindings/DeviceImportPreview";
import type { DeviceImportResult } from "./bindings/DeviceImportResult";
import type { ExportInfo as ReadingsExportInfo } from "./bindings/ExportInfo";
import type { HomeBpAverage } from "./bindings/HomeBpAverage";
import type { Reading } from "./bindings/Reading";
import type { ReadingInput } from "./bindings/ReadingInput";
import type { ReadingKind } from "./bindings/ReadingKind";
import type { ReadingKindInfo } from "./bindings/ReadingKindInfo";
import type { ReadingPage } from "./bindings/ReadingPage";
import type { ReadingQuery } from "./bindings/ReadingQuery";
import type { ReadingSource } from "./bindings/ReadingSource";
import type { ReadingStats } from "./bindings/ReadingStats";
import type { RowProblem } from "./bindings/RowProblem";
import type { Target } from "./bindings/Target";
import type { Threshold } from "./bindings/Threshold";

export type {
  BpWeek,
  BpWeekDay,
  ChartSeries,
  ColumnMapping,
  ContextOption,
  DeviceFormat,
  DeviceImportPreview,
  DeviceImportResult,
  HomeBpAverage,
  Reading,
  ReadingInput,
  ReadingKind,
  ReadingKindInfo,
  ReadingPage,
  ReadingQuery,
  ReadingSource,
  ReadingStats,
  RowProblem,
  Target,
  Threshold,
};

export const readingKinds = () => call<ReadingKindInfo[]>("reading_kinds");
export const addReading = (personId: string, input: ReadingInput) =>
  call<Reading>("add_reading", { personId, input });
export const updateReading = (personId: string, readingId: string, input: ReadingInput) =>
  call<Reading>("update_reading", { personId, readingId, input });
export const deleteReading = (personId: string, readingId: string) =>
  call<null>("delete_reading", { personId, readingId });
export const restoreReading = (personId: string, readingId: string) =>
  call<Reading>("restore_reading", { personId, readingId });
export const listReadings = (personId: string, query: ReadingQuery) =>
  call<ReadingPage>("list_readings", { personId, query });
export const readingStats = (personId: string, kind: ReadingKind, from: string | null, to: string | null) =>
  call<ReadingStats>("reading_stats", { personId, kind, from, to });
export const chartSeries = (personId: string, kind: ReadingKind, from: string, to: string, maxPoints: number) =>
  call<ChartSeries>("chart_series", { personId, kind, from, to, maxPoints });
export const targets = (personId: string) => call<Target[]>("targets", { personId });
export const setTarget = (personId: string, target: Target) => call<Target[]>("set_target", { personId, target });
export const chooseDeviceFile = () => call<string | null>("choose_device_file");
export const previewDeviceFile = (
  personId: string,
  path: string,
  format: DeviceFormat | null,
  mapping: ColumnMapping | null,
) => call<DeviceImportPreview>("preview_device_file", { personId, path, format, mapping });
export const importDeviceFile = (
  personId: string,
  path: string,
  format: DeviceFormat | null,
  mapping: ColumnMapping | null,
) => call<DeviceImportResult>("import_device_file", { personId, path, format, mapping });
export const bpWeek = (personId: string) => call<BpWeek>("bp_week", { personId });
export const startBpWeek = (personId: string) => call<BpWeek>("start_bp_week", { personId });
export const chooseReadingsExportPath = () => call<string | null>("choose_readings_export_path");
export const exportReadings = (personId: string, path: string) =>
  call<ReadingsExportInfo>("export_readings", { personId, path });

// --- sharing (issue 5) ---
import type { SharedSubject } from "./bindings/SharedSubject";
import type { SharedConsentInfo } from "./bindings/SharedConsentInfo";
import type { KeyInfo } from "./bindings/KeyInfo";
import type { LeftOut } from "./bindings/LeftOut";
import type { OpenedShare } from "./bindings/OpenedShare";
import type { PackageFileInfo } from "./bindings/PackageFileInfo";
import type { SealedTo } from "./bindings/SealedTo";
import type { ShareCreated } from "./bindings/ShareCreated";
import type { ShareInfo } from "./bindings/ShareInfo";
import type { SharePreview } from "./bindings/SharePreview";
import type { ShareRecipient } from "./bindings/ShareRecipient";
import type { ShareRequest } from "./bindings/ShareRequest";
import type { ShareSlice } from "./bindings/ShareSlice";
import type { ShareStatus } from "./bindings/ShareStatus";
import type { ShareSubject } from "./bindings/ShareSubject";
import type { ShareUnlock } from "./bindings/ShareUnlock";
import type { SharedDocument } from "./bindings/SharedDocument";
import type { SharedReadingGroup } from "./bindings/SharedReadingGroup";
import type { SharedReadingRow } from "./bindings/SharedReadingRow";
import type { SharedRow } from "./bindings/SharedRow";
import type { SharedSection } from "./bindings/SharedSection";
import type { WithheldCount } from "./bindings/WithheldCount";

export type {
  SharedSubject,
  SharedConsentInfo,
  KeyInfo,
  LeftOut,
  OpenedShare,
  PackageFileInfo,
  SealedTo,
  ShareCreated,
  ShareInfo,
  SharePreview,
  ShareRecipient,
  ShareRequest,
  ShareSlice,
  ShareStatus,
  ShareSubject,
  ShareUnlock,
  SharedDocument,
  SharedReadingGroup,
  SharedReadingRow,
  SharedRow,
  SharedSection,
  WithheldCount,
};

export const sharePreview = (personId: string, request: ShareRequest) =>
  call<SharePreview>("share_preview", { personId, request });
/** The native Save dialog for a new package, offering `health-record-share-<today>.age`; null when cancelled. */
export const chooseSharePath = (today: string) => call<string | null>("choose_share_path", { today });
export const shareCreate = (personId: string, request: ShareRequest, path: string) =>
  call<ShareCreated>("share_create", { personId, request, path });
export const shareList = (personId: string) => call<ShareInfo[]>("share_list", { personId });
export const shareRevoke = (personId: string, shareId: string) =>
  call<ShareInfo>("share_revoke", { personId, shareId });
export const signingKey = (personId: string) => call<KeyInfo>("signing_key", { personId });
/** The native Open dialog for a package (*.age); null when cancelled. Works with no vault. */
export const chooseSharePackage = () => call<string | null>("choose_share_package");
/** The native Open dialog for an age identity file; null when cancelled. */
export const chooseShareIdentity = () => call<string | null>("choose_share_identity");
/** Opens and checks a package; it is kept in the backend's memory only. Works with no vault. */
export const shareOpen = (path: string, unlock: ShareUnlock) => call<OpenedShare>("share_open", { path, unlock });
/** The native folder dialog for saving an opened package's files; null when cancelled. */
export const chooseShareSaveDir = () => call<string | null>("choose_share_save_dir");
/** Writes the opened package's files (not encrypted) into `dir`; returns the paths written. */
export const shareSaveOpened = (dir: string) => call<string[]>("share_save_opened", { dir });
/** Drops the opened package from memory. */
export const shareCloseOpened = () => call<null>("share_close_opened");
