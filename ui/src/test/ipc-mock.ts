// Replaces every backend call in ../commands with a vi.fn(). Use in a test file as:
//   vi.mock("../commands", async (io) => (await import("../test/ipc-mock")).mockCommands(io));
// A test of the file drag (the webview's own event, in ../ipc) also mocks ../ipc with
// mockIpc, which keeps IpcError and the error helpers.
import { vi } from "vitest";
import type * as Commands from "../commands";
import type * as Ipc from "../ipc";
import type { Today } from "../bindings/Today";
import type { Vocabulary } from "../bindings/Vocabulary";
import generated from "./vocabulary.json";

/** The vocabulary and today's dates as the backend gives them on 23 November 2026 (written by a Rust test). */
export const vocabulary = (): Vocabulary => generated.vocabulary as Vocabulary;
export const today = (): Today => generated.today as Today;

const KEEP = new Set(["IpcError", "toIpcError", "onVaultLockedError"]);

function mockFunctions<T>(actual: Record<string, unknown>, keep: Set<string>): T {
  const mocked: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(actual)) {
    mocked[name] = typeof value === "function" && !keep.has(name) ? vi.fn() : value;
  }
  return mocked as T;
}

export async function mockCommands(importOriginal: () => Promise<unknown>): Promise<typeof Commands> {
  return mockFunctions<typeof Commands>((await importOriginal()) as Record<string, unknown>, new Set());
}

export async function mockIpc(importOriginal: () => Promise<unknown>): Promise<typeof Ipc> {
  return mockFunctions<typeof Ipc>((await importOriginal()) as Record<string, unknown>, KEEP);
}

/** A rejection as the backend sends it (an AppError), turned into an IpcError. */
export async function appError(code: Ipc.ErrorCode, field: Ipc.ErrorField | null = null, message = "Backend message.") {
  const { IpcError } = await import("../ipc");
  return new IpcError(code, message, field);
}

/** What a dialog gives back: a one-time handle and the file's name, never its path. */
export const fileChoice = (displayName = "file.json", count = 1, handle = `handle-${displayName}`): Ipc.FileChoice => ({
  handle,
  displayName,
  count,
});

export const status = (over: Partial<Ipc.VaultStatus> = {}): Ipc.VaultStatus => ({
  exists: true,
  unlocked: false,
  vaultDir: "/home/sam/.local/share/my-health-record",
  autoLockMinutes: 5,
  readOnly: false,
  readOnlyReason: null,
  ...over,
});

export const person = (over: Partial<Ipc.Person> = {}): Ipc.Person => ({
  id: "p1",
  name: "Margaret Evans",
  dateOfBirth: "1948-07-05",
  nhsNumber: "943 476 5919",
  createdAt: "2026-11-23T14:05:00Z",
  updatedAt: "2026-11-23T14:05:00Z",
  role: {
    kind: "me",
    relationship: null,
    relationshipLabel: null,
    basis: null,
    basisLabel: null,
    basisDate: null,
    basisRef: null,
    reviewOn: null,
    reviewDue: false,
  },
  roleWords: "Me",
  banner: null,
  prompt: null,
  ...over,
});
