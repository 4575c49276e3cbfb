import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../commands";
import { appError, fileChoice, vocabulary } from "../test/ipc-mock";
import Settings from "./Settings.svelte";

vi.mock("../commands", async (io) => (await import("../test/ipc-mock")).mockCommands(io));

function setup() {
  const onsettings = vi.fn();
  render(Settings, { vaultDir: "/home/sam/.local/share/my-health-record", autoLockMinutes: 5, onsettings });
  return { onsettings, user: userEvent.setup() };
}

describe("Settings", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(commands.getSettings).mockResolvedValue({ autoLockMinutes: 5 });
  });

  it("shows where the vault lives", () => {
    setup();
    expect(screen.getByRole("heading", { level: 1, name: "Settings" })).toHaveFocus();
    expect(screen.getByTestId("vault-dir")).toHaveTextContent("/home/sam/.local/share/my-health-record");
  });

  it("offers the backend's text sizes in words, and applies and saves the one chosen", async () => {
    vi.mocked(commands.setPreferences).mockImplementation(async (p) => p);
    const { user } = setup();
    const group = screen.getByRole("group", { name: "Text size" });
    const labels = [...group.querySelectorAll("label")].map((l) => l.textContent?.trim());
    expect(labels).toEqual(vocabulary().textSizes.map((s) => s.label));
    expect(screen.getByLabelText("Normal")).toBeChecked();
    await user.click(screen.getByLabelText("Larger"));
    expect(vi.mocked(commands.setPreferences)).toHaveBeenCalledWith({ textSizePercent: 150 });
    expect(document.documentElement.style.zoom).toBe("150%");
    expect(await screen.findByTestId("text-size-done")).toHaveTextContent("Text size set to larger.");
    await user.click(screen.getByLabelText("Normal"));
    expect(document.documentElement.style.zoom).toBe("");
  });

  it("says when a text size could not be saved for next time", async () => {
    vi.mocked(commands.setPreferences).mockRejectedValue(await appError("IO"));
    const { user } = setup();
    await user.click(screen.getByLabelText("Largest"));
    expect(await screen.findByTestId("text-size-error")).toHaveTextContent("could not be saved for next time");
    expect(document.documentElement.style.zoom).toBe("200%");
    await user.click(screen.getByLabelText("Normal"));
  });

  it("puts a wrong current passphrase next to that field", async () => {
    vi.mocked(commands.changePassphrase).mockRejectedValue(await appError("WRONG_PASSPHRASE", "current"));
    const { user } = setup();
    await user.type(screen.getByTestId("current-passphrase"), "not it");
    await user.type(screen.getByTestId("new-passphrase"), "a new passphrase");
    await user.type(screen.getByTestId("new-passphrase-confirm"), "a new passphrase");
    await user.click(screen.getByTestId("change-passphrase"));
    await waitFor(() =>
      expect(screen.getByTestId("current-passphrase")).toHaveAccessibleDescription(/not right/),
    );
    expect(vi.mocked(commands.changePassphrase)).toHaveBeenCalledWith("not it", "a new passphrase");
  });

  it("changes the passphrase", async () => {
    vi.mocked(commands.changePassphrase).mockResolvedValue(null);
    const { user } = setup();
    await user.type(screen.getByTestId("current-passphrase"), "correct horse battery");
    await user.type(screen.getByTestId("new-passphrase"), "a new passphrase");
    await user.type(screen.getByTestId("new-passphrase-confirm"), "a new passphrase");
    await user.click(screen.getByTestId("change-passphrase"));
    expect(await screen.findByTestId("passphrase-changed")).toHaveTextContent("has been changed");
    expect(screen.getByTestId("current-passphrase")).toHaveValue("");
  });

  it("with the tick, changes the keys too and shows the new recovery key once", async () => {
    vi.mocked(commands.rotateKeys).mockResolvedValue({ recoveryKey: "9ABC-DEFG-HJKM-NPQR-STVW-XYZ0-123", finished: true });
    const { user } = setup();
    await user.type(screen.getByTestId("current-passphrase"), "correct horse battery");
    await user.type(screen.getByTestId("new-passphrase"), "a new passphrase");
    await user.type(screen.getByTestId("new-passphrase-confirm"), "a new passphrase");
    await user.click(screen.getByLabelText(/Also change the keys that lock the record/));
    await user.click(screen.getByTestId("change-passphrase"));
    expect(await screen.findByTestId("recovery-key")).toHaveTextContent("9ABC");
    expect(vi.mocked(commands.rotateKeys)).toHaveBeenCalledWith("correct horse battery", "a new passphrase");
    expect(vi.mocked(commands.changePassphrase)).not.toHaveBeenCalled();
    await user.type(screen.getByTestId("recovery-confirm-input"), "123");
    await user.click(screen.getByTestId("recovery-continue"));
    expect(await screen.findByTestId("passphrase-changed")).toHaveTextContent("old recovery key no longer works");
    expect(screen.queryByTestId("recovery-key")).toBeNull();
  });

  it("asks for the passphrase before making a new recovery key, and keeps the old one on cancel", async () => {
    vi.mocked(commands.newRecoveryKey).mockRejectedValueOnce(await appError("WRONG_PASSPHRASE", "current"));
    vi.mocked(commands.newRecoveryKey).mockResolvedValue({ recoveryKey: "4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXY", finished: true });
    const { user } = setup();
    await user.click(screen.getByTestId("make-recovery-key"));
    await user.click(screen.getByRole("button", { name: "Keep my recovery key" }));
    expect(vi.mocked(commands.newRecoveryKey)).not.toHaveBeenCalled();
    await user.click(screen.getByTestId("make-recovery-key"));
    await user.click(screen.getByTestId("confirm-recovery-key"));
    expect(screen.getByTestId("recovery-passphrase")).toHaveAccessibleDescription(/Enter your password/);
    await user.type(screen.getByTestId("recovery-passphrase"), "not it");
    await user.click(screen.getByTestId("confirm-recovery-key"));
    await waitFor(() => expect(screen.getByTestId("recovery-passphrase")).toHaveAccessibleDescription(/not right/));
    await user.clear(screen.getByTestId("recovery-passphrase"));
    await user.type(screen.getByTestId("recovery-passphrase"), "correct horse battery");
    await user.click(screen.getByTestId("confirm-recovery-key"));
    expect(await screen.findByTestId("recovery-key")).toHaveTextContent("4567");
    expect(vi.mocked(commands.newRecoveryKey)).toHaveBeenLastCalledWith("correct horse battery");
  });

  it("saves auto-lock minutes from 1 to 120", async () => {
    vi.mocked(commands.setSettings).mockResolvedValue({ autoLockMinutes: 15 });
    const { user, onsettings } = setup();
    const input = screen.getByTestId("auto-lock-minutes");
    await waitFor(() => expect(input).toHaveValue("5"));
    await user.clear(input);
    await user.type(input, "0");
    await user.click(screen.getByTestId("save-auto-lock"));
    expect(input).toHaveAccessibleDescription(/from 1 to 120/);
    expect(vi.mocked(commands.setSettings)).not.toHaveBeenCalled();
    await user.clear(input);
    await user.type(input, "15");
    await user.click(screen.getByTestId("save-auto-lock"));
    await waitFor(() => expect(onsettings).toHaveBeenCalledWith({ autoLockMinutes: 15 }));
    expect(vi.mocked(commands.setSettings)).toHaveBeenCalledWith({ autoLockMinutes: 15 });
    expect(screen.getByText(/lock after 15 minutes/)).toBeInTheDocument();
  });

  it("makes a backup where the person chooses, and shows path and size", async () => {
    vi.mocked(commands.chooseBackupPath).mockResolvedValue(fileChoice("record.phrbackup"));
    vi.mocked(commands.createBackup).mockResolvedValue({
      path: "/media/usb/record.phrbackup",
      people: 2,
      bytes: 2_500_000,
      createdAt: "2026-11-23T14:05:00Z",
    });
    const { user } = setup();
    await user.click(screen.getByTestId("make-backup"));
    await waitFor(() => expect(screen.getByTestId("backup-result")).toHaveTextContent("/media/usb/record.phrbackup"));
    expect(screen.getByTestId("backup-result")).toHaveTextContent("2.4 MB, 2 people");
    expect(screen.getByTestId("backup-result")).toHaveTextContent("23 Nov 2026, 14:05");
    expect(vi.mocked(commands.createBackup)).toHaveBeenCalledWith("handle-record.phrbackup");
  });

  it("does nothing when the save dialog is cancelled", async () => {
    vi.mocked(commands.chooseBackupPath).mockResolvedValue(null);
    const { user } = setup();
    await user.click(screen.getByTestId("make-backup"));
    await waitFor(() => expect(vi.mocked(commands.chooseBackupPath)).toHaveBeenCalled());
    expect(vi.mocked(commands.createBackup)).not.toHaveBeenCalled();
    expect(screen.queryByTestId("error-summary")).toBeNull();
  });

  it("shows a backup error", async () => {
    vi.mocked(commands.chooseBackupPath).mockResolvedValue(fileChoice("x.phrbackup"));
    vi.mocked(commands.createBackup).mockRejectedValue(await appError("IO", "path"));
    const { user } = setup();
    await user.click(screen.getByTestId("make-backup"));
    await waitFor(() => expect(screen.getByTestId("make-backup")).toHaveAccessibleDescription(/could not read or write/));
    expect(screen.getByTestId("error-summary")).toHaveTextContent(/could not read or write/);
  });
});
