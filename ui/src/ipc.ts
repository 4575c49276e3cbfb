// The runtime between the UI and the backend: the only file that imports `invoke` or
// `listen`. The typed functions the screens call are generated into commands.ts from the
// backend's command table; they all go through `call` and `subscribe` here. A rejection from
// the backend (an AppError) is rethrown as an IpcError so the UI can branch on `code`.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import type { Commands, Events } from "./commands";
import type { AppError } from "./bindings/AppError";
import type { Advice } from "./bindings/Advice";
import type { AttachmentId } from "./bindings/AttachmentId";
import type { EntryId } from "./bindings/EntryId";
import type { ImportId } from "./bindings/ImportId";
import type { PersonId } from "./bindings/PersonId";
import type { ReadingId } from "./bindings/ReadingId";
import type { ShareId } from "./bindings/ShareId";
import type { Attachment } from "./bindings/Attachment";
import type { AuditAction } from "./bindings/AuditAction";
import type { AuditEntry } from "./bindings/AuditEntry";
import type { AuditReport } from "./bindings/AuditReport";
import type { BackupInfo } from "./bindings/BackupInfo";
import type { BpWeek } from "./bindings/BpWeek";
import type { BpWeekDay } from "./bindings/BpWeekDay";
import type { ChartSeries } from "./bindings/ChartSeries";
import type { Code } from "./bindings/Code";
import type { ColumnMapping } from "./bindings/ColumnMapping";
import type { ContextOption } from "./bindings/ContextOption";
import type { CreatedVault } from "./bindings/CreatedVault";
import type { DeviceFormat } from "./bindings/DeviceFormat";
import type { DeviceImportPreview } from "./bindings/DeviceImportPreview";
import type { DeviceImportResult } from "./bindings/DeviceImportResult";
import type { EntryDetail } from "./bindings/EntryDetail";
import type { EntryKind } from "./bindings/EntryKind";
import type { EntrySummary } from "./bindings/EntrySummary";
import type { EntryValue } from "./bindings/EntryValue";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { ErrorField } from "./bindings/ErrorField";
import type { ExportInfo } from "./bindings/ExportInfo";
import type { Fact } from "./bindings/Fact";
import type { GpConnectionStatus } from "./bindings/GpConnectionStatus";
import type { GpDisconnected } from "./bindings/GpDisconnected";
import type { GpPractice } from "./bindings/GpPractice";
import type { DemoPatient } from "./bindings/DemoPatient";
import type { PracticeListing } from "./bindings/PracticeListing";
import type { PracticeSearch } from "./bindings/PracticeSearch";
import type { HomeBpAverage } from "./bindings/HomeBpAverage";
import type { ImportItem } from "./bindings/ImportItem";
import type { ImportKind } from "./bindings/ImportKind";
import type { ImportOutcome } from "./bindings/ImportOutcome";
import type { ImportProgress } from "./bindings/ImportProgress";
import type { ImportReport } from "./bindings/ImportReport";
import type { ImportRun } from "./bindings/ImportRun";
import type { ImportStage } from "./bindings/ImportStage";
import type { ImportUndo } from "./bindings/ImportUndo";
import type { KeyInfo } from "./bindings/KeyInfo";
import type { KindCount } from "./bindings/KindCount";
import type { LeftOut } from "./bindings/LeftOut";
import type { OpenedShare } from "./bindings/OpenedShare";
import type { PackageFileInfo } from "./bindings/PackageFileInfo";
import type { Person } from "./bindings/Person";
import type { PersonInput } from "./bindings/PersonInput";
import type { Reading } from "./bindings/Reading";
import type { ReadingInput } from "./bindings/ReadingInput";
import type { ReadingKind } from "./bindings/ReadingKind";
import type { ReadingKindInfo } from "./bindings/ReadingKindInfo";
import type { ReadingPage } from "./bindings/ReadingPage";
import type { ReadingQuery } from "./bindings/ReadingQuery";
import type { ReadingSource } from "./bindings/ReadingSource";
import type { ReadingStats } from "./bindings/ReadingStats";
import type { RecordSummary } from "./bindings/RecordSummary";
import type { RowProblem } from "./bindings/RowProblem";
import type { SealedTo } from "./bindings/SealedTo";
import type { SearchHit } from "./bindings/SearchHit";
import type { SearchHelp } from "./bindings/SearchHelp";
import type { SnippetPart } from "./bindings/SnippetPart";
import type { Sensitivity } from "./bindings/Sensitivity";
import type { Settings } from "./bindings/Settings";
import type { Preferences } from "./bindings/Preferences";
import type { TextSizeWords } from "./bindings/TextSizeWords";
import type { ShareCreated } from "./bindings/ShareCreated";
import type { ShareInfo } from "./bindings/ShareInfo";
import type { SharePreview } from "./bindings/SharePreview";
import type { ShareRecipient } from "./bindings/ShareRecipient";
import type { ShareRequest } from "./bindings/ShareRequest";
import type { ShareSlice } from "./bindings/ShareSlice";
import type { ShareStatus } from "./bindings/ShareStatus";
import type { ShareSubject } from "./bindings/ShareSubject";
import type { ShareUnlock } from "./bindings/ShareUnlock";
import type { SharedConsentInfo } from "./bindings/SharedConsentInfo";
import type { SharedDocument } from "./bindings/SharedDocument";
import type { SharedReadingGroup } from "./bindings/SharedReadingGroup";
import type { SharedReadingRow } from "./bindings/SharedReadingRow";
import type { SharedRow } from "./bindings/SharedRow";
import type { SharedSection } from "./bindings/SharedSection";
import type { SharedSubject } from "./bindings/SharedSubject";
import type { Source } from "./bindings/Source";
import type { SourceKind } from "./bindings/SourceKind";
import type { Target } from "./bindings/Target";
import type { Threshold } from "./bindings/Threshold";
import type { TimelinePage } from "./bindings/TimelinePage";
import type { TimelineQuery } from "./bindings/TimelineQuery";
import type { VaultStatus } from "./bindings/VaultStatus";
import type { FileChoice } from "./bindings/FileChoice";
import type { FileHandle } from "./bindings/FileHandle";
import type { WithheldCount } from "./bindings/WithheldCount";

// The binding types, re-exported so screens can import them from one short path.
export type {
  AppError,
  Attachment,
  AttachmentId,
  EntryId,
  ImportId,
  PersonId,
  ReadingId,
  ShareId,
  AuditAction,
  AuditEntry,
  AuditReport,
  BackupInfo,
  BpWeek,
  BpWeekDay,
  ChartSeries,
  Code,
  ColumnMapping,
  ContextOption,
  CreatedVault,
  DeviceFormat,
  DeviceImportPreview,
  DeviceImportResult,
  EntryDetail,
  EntryKind,
  EntrySummary,
  EntryValue,
  ErrorCode,
  ErrorField,
  ExportInfo,
  Fact,
  FileChoice,
  FileHandle,
  GpConnectionStatus,
  GpDisconnected,
  GpPractice,
  DemoPatient,
  PracticeListing,
  PracticeSearch,
  HomeBpAverage,
  ImportItem,
  ImportKind,
  ImportOutcome,
  ImportProgress,
  ImportReport,
  ImportRun,
  ImportStage,
  ImportUndo,
  KeyInfo,
  KindCount,
  LeftOut,
  OpenedShare,
  PackageFileInfo,
  Person,
  PersonInput,
  Reading,
  ReadingInput,
  ReadingKind,
  ReadingKindInfo,
  ReadingPage,
  ReadingQuery,
  ReadingSource,
  ReadingStats,
  RecordSummary,
  RowProblem,
  SealedTo,
  SearchHit,
  SearchHelp,
  SnippetPart,
  Sensitivity,
  Settings,
  Preferences,
  TextSizeWords,
  ShareCreated,
  ShareInfo,
  SharePreview,
  ShareRecipient,
  ShareRequest,
  ShareSlice,
  ShareStatus,
  ShareSubject,
  ShareUnlock,
  SharedConsentInfo,
  SharedDocument,
  SharedReadingGroup,
  SharedReadingRow,
  SharedRow,
  SharedSection,
  SharedSubject,
  Source,
  SourceKind,
  Target,
  Threshold,
  TimelinePage,
  TimelineQuery,
  VaultStatus,
  WithheldCount,
};

/** A failed backend call. `code` is stable; `message` is for people. */
export class IpcError extends Error {
  readonly code: ErrorCode;
  /** The input it belongs next to (placed by each form's exhaustive table), or null. */
  readonly field: ErrorField | null;
  /** READING_NEEDS_CONFIRMATION for a red-flag reading: the advice to show before saving. */
  readonly advice: Advice | null;

  constructor(code: ErrorCode, message: string, field: ErrorField | null = null, advice: Advice | null = null) {
    super(message);
    this.name = "IpcError";
    this.code = code;
    this.field = field;
    this.advice = advice;
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
    return new IpcError(reason.code, reason.message, reason.field ?? null, reason.advice ?? null);
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

/** Invokes one backend command (commands.ts names them all). */
export async function call<K extends keyof Commands>(
  cmd: K,
  args?: Commands[K]["args"],
): Promise<Commands[K]["result"]> {
  try {
    return await invoke<Commands[K]["result"]>(cmd, args);
  } catch (reason) {
    const error = toIpcError(reason);
    if (error.code === "VAULT_LOCKED" && lockedHandler) lockedHandler(error);
    throw error;
  }
}

/** Runs `handler` for each `event` the backend sends; resolves to the function that stops it. */
export async function subscribe<E extends keyof Events>(
  event: E,
  handler: (payload: Events[E]) => void,
): Promise<() => void> {
  try {
    return await listen<Events[E]>(event, (e) => handler(e.payload));
  } catch (reason) {
    throw toIpcError(reason);
  }
}

/** What a file drag over the window is doing: `over` while files hover, then `leave` or `drop`. */
export type FileDrag = { type: "over" } | { type: "leave" } | { type: "drop" };

/**
 * Files dragged from the desktop over the window: the webview's own drag-drop events (Tauri
 * sends them, not the backend), to light the drop zone. Their paths are not passed on: the
 * backend keeps the files dropped and sends a one-time handle (`commands.onFilesDropped`).
 */
export async function onFileDrag(handler: (drag: FileDrag) => void): Promise<() => void> {
  try {
    return await getCurrentWebview().onDragDropEvent((event) => {
      const p = event.payload;
      if (p.type === "drop") handler({ type: "drop" });
      else if (p.type === "leave") handler({ type: "leave" });
      else handler({ type: "over" });
    });
  } catch (reason) {
    throw toIpcError(reason);
  }
}
