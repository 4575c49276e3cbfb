import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as ipc from "./ipc";
import { status } from "./test/ipc-mock";
import App from "./App.svelte";

vi.mock("./ipc", async (io) => (await import("./test/ipc-mock")).mockIpc(io));

let lockedListener: ((s: ipc.VaultStatus) => void) | null = null;

describe("App", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    lockedListener = null;
    vi.mocked(ipc.onVaultLocked).mockImplementation(async (fn) => {
      lockedListener = fn;
      return () => {};
    });
    vi.mocked(ipc.listPeople).mockResolvedValue([]);
    vi.mocked(ipc.keepAlive).mockResolvedValue(null);
    vi.mocked(ipc.lock).mockResolvedValue(status({ unlocked: false }));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("opens on set-up when there is no vault", async () => {
    vi.mocked(ipc.vaultStatus).mockResolvedValue(status({ exists: false }));
    render(App);
    expect(await screen.findByRole("heading", { level: 1, name: "Set up My Health Record" })).toBeInTheDocument();
    expect(screen.queryByTestId("lock-button")).toBeNull();
  });

  it("opens on unlock when the vault is locked", async () => {
    vi.mocked(ipc.vaultStatus).mockResolvedValue(status());
    render(App);
    expect(await screen.findByRole("heading", { level: 1, name: "Unlock your record" })).toHaveFocus();
  });

  it("locks with Ctrl+L and with the Lock button", async () => {
    vi.mocked(ipc.vaultStatus).mockResolvedValue(status({ unlocked: true }));
    render(App);
    await screen.findByRole("heading", { level: 1, name: "People in your record" });
    const user = userEvent.setup();
    await user.keyboard("{Control>}l{/Control}");
    expect(await screen.findByRole("heading", { level: 1, name: "Unlock your record" })).toHaveFocus();
    expect(vi.mocked(ipc.lock)).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId("lock-button")).toBeNull();

    vi.mocked(ipc.unlock).mockResolvedValue(status({ unlocked: true }));
    await user.type(screen.getByTestId("unlock-passphrase"), "correct horse battery{Enter}");
    await screen.findByRole("heading", { level: 1, name: "People in your record" });
    await user.click(screen.getByTestId("lock-button"));
    await screen.findByRole("heading", { level: 1, name: "Unlock your record" });
    expect(vi.mocked(ipc.lock)).toHaveBeenCalledTimes(2);
  });

  it("goes to the unlock screen when the backend says it locked", async () => {
    vi.mocked(ipc.vaultStatus).mockResolvedValue(status({ unlocked: true }));
    render(App);
    await screen.findByRole("heading", { level: 1, name: "People in your record" });
    await waitFor(() => expect(lockedListener).not.toBeNull());
    lockedListener!(status({ unlocked: false }));
    expect(await screen.findByTestId("lock-notice")).toHaveTextContent("not used for 5 minutes");
  });

  it("locks itself after the idle time", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.mocked(ipc.vaultStatus).mockResolvedValue(status({ unlocked: true, autoLockMinutes: 1 }));
    render(App);
    await screen.findByRole("heading", { level: 1, name: "People in your record" });
    await vi.advanceTimersByTimeAsync(59_000);
    expect(vi.mocked(ipc.lock)).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(vi.mocked(ipc.lock)).toHaveBeenCalledTimes(1);
    expect(await screen.findByTestId("lock-notice")).toHaveTextContent("not used for 1 minute.");
  });

  it("moves from set-up to the recovery key and on to people", async () => {
    vi.mocked(ipc.vaultStatus).mockResolvedValue(status({ exists: false }));
    vi.mocked(ipc.createVault).mockResolvedValue({
      recoveryKey: "7K3M-9QXD-2HFA-8BCD-4WRT-6JKP-XYZ",
      status: status({ unlocked: true }),
    });
    render(App);
    const user = userEvent.setup();
    await screen.findByRole("heading", { level: 1, name: "Set up My Health Record" });
    await user.type(screen.getByTestId("passphrase"), "maple harbour quiet");
    await user.type(screen.getByTestId("passphrase-confirm"), "maple harbour quiet{Enter}");
    expect(await screen.findByRole("heading", { level: 1, name: "Save your recovery key" })).toHaveFocus();
    expect(screen.queryByTestId("settings-link")).toBeNull();
    await user.type(screen.getByTestId("recovery-confirm-input"), "XYZ{Enter}");
    expect(await screen.findByRole("heading", { level: 1, name: "People in your record" })).toHaveFocus();
    expect(screen.getByTestId("settings-link")).toBeInTheDocument();
  });
});
