// Replaces every backend call in ../ipc with a vi.fn(), keeping IpcError and
// the helpers. Use in a test file as:
//   vi.mock("../ipc", async (io) => (await import("../test/ipc-mock")).mockIpc(io));
import { vi } from "vitest";
import type * as Ipc from "../ipc";

const KEEP = new Set(["IpcError", "toIpcError", "onVaultLockedError"]);

export async function mockIpc(importOriginal: () => Promise<unknown>): Promise<typeof Ipc> {
  const actual = (await importOriginal()) as Record<string, unknown>;
  const mocked: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(actual)) {
    mocked[name] = typeof value === "function" && !KEEP.has(name) ? vi.fn() : value;
  }
  return mocked as typeof Ipc;
}

/** A rejection as the backend sends it (an AppError), turned into an IpcError. */
export async function appError(code: Ipc.ErrorCode, field: string | null = null, message = "Backend message.") {
  const { IpcError } = await import("../ipc");
  return new IpcError(code, message, field);
}

export const status = (over: Partial<Ipc.VaultStatus> = {}): Ipc.VaultStatus => ({
  exists: true,
  unlocked: false,
  vaultDir: "/home/sam/.local/share/my-health-record",
  autoLockMinutes: 5,
  ...over,
});

export const person = (over: Partial<Ipc.Person> = {}): Ipc.Person => ({
  id: "p1",
  name: "Margaret Evans",
  dateOfBirth: "1948-07-05",
  nhsNumber: "943 476 5919",
  createdAt: "2026-11-23T14:05:00Z",
  updatedAt: "2026-11-23T14:05:00Z",
  ...over,
});
