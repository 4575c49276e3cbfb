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

// --- readings (issue 4) ---
