import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...a: unknown[]) => invoke(...a) }));


import * as ipc from "./ipc";
import * as commands from "./commands";

describe("ipc", () => {
  beforeEach(() => {
    invoke.mockReset();
  });

  it("sends camelCase arguments to the snake_case commands", async () => {
    invoke.mockResolvedValue(null);
    await commands.recover("KEY", "new passphrase");
    expect(invoke).toHaveBeenCalledWith("recover", { recoveryKey: "KEY", newPassphrase: "new passphrase" });
    await commands.deletePerson("p1", "Ann");
    expect(invoke).toHaveBeenCalledWith("delete_person", { id: "p1", confirmName: "Ann" });
    await commands.setSettings({ autoLockMinutes: 7 });
    expect(invoke).toHaveBeenCalledWith("set_settings", { settings: { autoLockMinutes: 7 } });
    await commands.vaultStatus();
    expect(invoke).toHaveBeenCalledWith("vault_status", undefined);
  });

  it("rethrows an AppError as an IpcError with code and field", async () => {
    invoke.mockImplementation(async () => { throw { code: "WRONG_PASSPHRASE", message: "No.", field: "passphrase" }; });
    const err = await commands.unlock("x").catch((e) => e);
    expect(err).toBeInstanceOf(ipc.IpcError);
    expect(err).toMatchObject({ code: "WRONG_PASSPHRASE", field: "passphrase", message: "No." });
  });

  it("turns anything else into INTERNAL", async () => {
    invoke.mockImplementation(async () => { throw "command foo not found"; });
    const err = await commands.lock().catch((e) => e);
    expect(err).toMatchObject({ code: "INTERNAL", field: null });
  });

  it("tells the locked handler when a call finds the vault locked", async () => {
    const handler = vi.fn();
    ipc.onVaultLockedError(handler);
    invoke.mockImplementation(async () => { throw { code: "VAULT_LOCKED", message: "Locked.", field: null }; });
    await commands.listPeople().catch(() => {});
    expect(handler).toHaveBeenCalledTimes(1);
    ipc.onVaultLockedError(null);
  });
});
