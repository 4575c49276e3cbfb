import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as ipc from "./ipc";
import * as commands from "./commands";
import { fileChoice, person, status, today, vocabulary } from "./test/ipc-mock";
import type { About } from "./bindings/About";
import generatedAbout from "./test/about.json";
import App from "./App.svelte";

const about = (): About => generatedAbout as About;

vi.mock("./commands", async (io) => (await import("./test/ipc-mock")).mockCommands(io));

let lockedListener: ((s: ipc.VaultStatus) => void) | null = null;

describe("App", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    lockedListener = null;
    vi.mocked(commands.onVaultLocked).mockImplementation(async (fn) => {
      lockedListener = fn;
      return () => {};
    });
    vi.mocked(commands.listPeople).mockResolvedValue([]);
    vi.mocked(commands.vocabulary).mockResolvedValue(vocabulary());
    vi.mocked(commands.keepAlive).mockResolvedValue(null);
    vi.mocked(commands.lock).mockResolvedValue(status({ unlocked: false }));
    vi.mocked(commands.getPreferences).mockResolvedValue({ textSizePercent: 100 });
    vi.mocked(commands.setPreferences).mockImplementation(async (p) => p);
    vi.mocked(commands.getSettings).mockResolvedValue({ autoLockMinutes: 5 });
    vi.mocked(commands.auditLog).mockResolvedValue([]);
    vi.mocked(commands.openedFile).mockResolvedValue(null);
    vi.mocked(commands.onFileOpened).mockResolvedValue(() => {});
  });
  afterEach(() => {
    vi.useRealTimers();
    document.documentElement.style.removeProperty("zoom");
  });

  it("opens on set-up when there is no vault", async () => {
    vi.mocked(commands.vaultStatus).mockResolvedValue(status({ exists: false }));
    render(App);
    expect(await screen.findByRole("heading", { level: 1, name: "Set up My Health Record" })).toBeInTheDocument();
    expect(screen.queryByTestId("lock-button")).toBeNull();
  });

  it("opens a double-clicked shared record on 'Open a shared record' with the file chosen", async () => {
    vi.mocked(commands.vaultStatus).mockResolvedValue(status());
    vi.mocked(commands.openedFile).mockResolvedValue({ kind: "share", choice: fileChoice("Ada.phrshare") });
    render(App);
    expect(await screen.findByTestId("open-share-heading")).toHaveTextContent("Open a shared record");
    expect(screen.getByTestId("package-chosen")).toHaveTextContent("Ada.phrshare");
  });

  it("opens About this app from any screen by keyboard, and goes back", async () => {
    vi.mocked(commands.vaultStatus).mockResolvedValue(status());
    vi.mocked(commands.about).mockResolvedValue(about());
    render(App);
    await screen.findByRole("heading", { level: 1, name: "Unlock your record" });
    const user = userEvent.setup();
    screen.getByTestId("about-open").focus();
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("about-title")).toHaveTextContent("About My Health Record");
    await user.click(screen.getByTestId("about-back"));
    await screen.findByRole("heading", { level: 1, name: "Unlock your record" });
  });

  it("opens on unlock when the vault is locked", async () => {
    vi.mocked(commands.vaultStatus).mockResolvedValue(status());
    render(App);
    await screen.findByRole("heading", { level: 1, name: "Unlock your record" });
    expect(screen.getByTestId("unlock-passphrase")).toHaveFocus();
  });

  it("locks with Ctrl+L and with the Lock button", async () => {
    vi.mocked(commands.vaultStatus).mockResolvedValue(status({ unlocked: true }));
    render(App);
    await screen.findByRole("heading", { level: 1, name: "People in your record" });
    const user = userEvent.setup();
    await user.keyboard("{Control>}l{/Control}");
    await screen.findByRole("heading", { level: 1, name: "Unlock your record" });
    expect(screen.getByTestId("unlock-passphrase")).toHaveFocus();
    expect(vi.mocked(commands.lock)).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId("lock-button")).toBeNull();

    vi.mocked(commands.unlock).mockResolvedValue(status({ unlocked: true }));
    await user.type(screen.getByTestId("unlock-passphrase"), "correct horse battery{Enter}");
    await screen.findByRole("heading", { level: 1, name: "People in your record" });
    await user.click(screen.getByTestId("lock-button"));
    await screen.findByRole("heading", { level: 1, name: "Unlock your record" });
    expect(vi.mocked(commands.lock)).toHaveBeenCalledTimes(2);
  });

  it("says plainly when changes cannot be saved, and why", async () => {
    vi.mocked(commands.vaultStatus).mockResolvedValue(
      status({ unlocked: true, readOnly: true, readOnlyReason: "the disk your record is on is full" }),
    );
    render(App);
    const banner = await screen.findByTestId("read-only-banner");
    expect(banner).toHaveTextContent("Changes cannot be saved");
    expect(banner).toHaveTextContent("because the disk your record is on is full");
  });

  it("shows no such notice when changes can be saved", async () => {
    vi.mocked(commands.vaultStatus).mockResolvedValue(status({ unlocked: true }));
    render(App);
    await screen.findByRole("heading", { level: 1, name: "People in your record" });
    expect(screen.queryByTestId("read-only-banner")).toBeNull();
  });

  it("goes to the unlock screen when the backend says it locked", async () => {
    vi.mocked(commands.vaultStatus).mockResolvedValue(status({ unlocked: true }));
    render(App);
    await screen.findByRole("heading", { level: 1, name: "People in your record" });
    await waitFor(() => expect(lockedListener).not.toBeNull());
    lockedListener!(status({ unlocked: false }));
    expect(await screen.findByTestId("lock-notice")).toHaveTextContent("not used for 5 minutes");
  });

  it("locks itself after the idle time", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.mocked(commands.vaultStatus).mockResolvedValue(status({ unlocked: true, autoLockMinutes: 1 }));
    render(App);
    await screen.findByRole("heading", { level: 1, name: "People in your record" });
    await vi.advanceTimersByTimeAsync(59_000);
    expect(vi.mocked(commands.lock)).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(vi.mocked(commands.lock)).toHaveBeenCalledTimes(1);
    expect(await screen.findByTestId("lock-notice")).toHaveTextContent("not used for 1 minute.");
  });

  it("moves from set-up to the recovery key and on to people", async () => {
    vi.mocked(commands.vaultStatus).mockResolvedValue(status({ exists: false }));
    vi.mocked(commands.createVault).mockResolvedValue({
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
  it("opens at the saved text size, before unlocking", async () => {
    vi.mocked(commands.getPreferences).mockResolvedValue({ textSizePercent: 175 });
    vi.mocked(commands.vaultStatus).mockResolvedValue(status());
    render(App);
    await screen.findByRole("heading", { level: 1, name: "Unlock your record" });
    expect(document.documentElement.style.zoom).toBe("175%");
  });

  it("Ctrl + and Ctrl − step the text size through the backend's sizes, and Ctrl 0 goes back to normal", async () => {
    const steps = vocabulary().textSizes.map((s) => s.percent);
    vi.mocked(commands.vaultStatus).mockResolvedValue(status());
    render(App);
    await screen.findByRole("heading", { level: 1, name: "Unlock your record" });
    const user = userEvent.setup();
    await user.keyboard("{Control>}+{/Control}");
    await user.keyboard("{Control>}+{/Control}");
    expect(document.documentElement.style.zoom).toBe(`${steps[2]}%`);
    expect(vi.mocked(commands.setPreferences)).toHaveBeenLastCalledWith({ textSizePercent: steps[2] });
    await user.keyboard("{Control>}-{/Control}");
    expect(document.documentElement.style.zoom).toBe(`${steps[1]}%`);
    await user.keyboard("{Control>}0{/Control}");
    expect(document.documentElement.style.zoom).toBe("");
    expect(vi.mocked(commands.setPreferences)).toHaveBeenLastCalledWith({ textSizePercent: steps[0] });
    // Typing in the passphrase box is not a text-size key.
    await user.type(screen.getByTestId("unlock-passphrase"), "+-0");
    expect(screen.getByTestId("unlock-passphrase")).toHaveValue("+-0");
  });

  it("starts a new screen at the top with focus on its heading", async () => {
    vi.mocked(commands.vaultStatus).mockResolvedValue(status({ unlocked: true }));
    render(App);
    await screen.findByRole("heading", { level: 1, name: "People in your record" });
    document.documentElement.scrollTop = 900;
    await userEvent.setup().click(screen.getByTestId("settings-link"));
    expect(await screen.findByRole("heading", { level: 1, name: "Settings" })).toHaveFocus();
    expect(document.documentElement.scrollTop).toBe(0);
  });

  it("the person switcher is in the header on every screen once unlocked, People and Settings too", async () => {
    vi.mocked(commands.vaultStatus).mockResolvedValue(status({ unlocked: true }));
    const me = person({ id: "a", name: "Ada Lovelace", roleWords: "Me" });
    vi.mocked(commands.listPeople).mockResolvedValue([me, person()]);
    render(App);
    const user = userEvent.setup();
    await screen.findByRole("heading", { level: 1, name: "People in your record" });
    const header = document.querySelector("header")!;
    await waitFor(() => expect(header.querySelector("[data-testid=person-switcher]")).not.toBeNull());
    await user.click(screen.getByTestId("settings-link"));
    await screen.findByRole("heading", { level: 1, name: "Settings" });
    await waitFor(() => expect(header.querySelector("[data-testid=person-switcher]")).not.toBeNull());
    await user.selectOptions(screen.getByTestId("person-switcher-select"), "a");
    screen.getByTestId("person-switcher-open").focus();
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("person-heading")).toHaveTextContent("Ada Lovelace");
    expect(await screen.findByTestId("person-switcher-current")).toHaveTextContent("Ada Lovelace (Me)");
    expect(header.contains(screen.getByTestId("person-switcher-current"))).toBe(true);
    expect(document.querySelector("main [data-testid=person-switcher]")).toBeNull();
  });

  it("after an auto-lock, unlocking goes back to the person the record was open on", async () => {
    vi.mocked(commands.vaultStatus).mockResolvedValue(status({ unlocked: true }));
    vi.mocked(commands.listPeople).mockResolvedValue([person()]);
    render(App);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("link", { name: "Margaret Evans" }));
    expect(await screen.findByTestId("person-heading")).toHaveFocus();
    await waitFor(() => expect(lockedListener).not.toBeNull());
    lockedListener!(status({ unlocked: false }));
    await screen.findByTestId("lock-notice");
    expect(screen.queryByText("Margaret Evans")).toBeNull();
    vi.mocked(commands.unlock).mockResolvedValue(status({ unlocked: true }));
    await user.type(screen.getByTestId("unlock-passphrase"), "correct horse battery{Enter}");
    expect(await screen.findByTestId("person-heading")).toHaveTextContent("Margaret Evans");
    expect(screen.getByTestId("person-heading")).toHaveFocus();
  });

  it("after locking itself for lack of use, unlocking goes back to Settings", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.mocked(commands.vaultStatus).mockResolvedValue(status({ unlocked: true, autoLockMinutes: 1 }));
    render(App);
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await screen.findByRole("heading", { level: 1, name: "People in your record" });
    await user.click(screen.getByTestId("settings-link"));
    await screen.findByRole("heading", { level: 1, name: "Settings" });
    await vi.advanceTimersByTimeAsync(61_000);
    await screen.findByTestId("lock-notice");
    vi.mocked(commands.unlock).mockResolvedValue(status({ unlocked: true, autoLockMinutes: 1 }));
    await user.type(screen.getByTestId("unlock-passphrase"), "correct horse battery{Enter}");
    expect(await screen.findByRole("heading", { level: 1, name: "Settings" })).toHaveFocus();
  });

  it("after a lock the person asked for, unlocking goes to People", async () => {
    vi.mocked(commands.vaultStatus).mockResolvedValue(status({ unlocked: true }));
    render(App);
    const user = userEvent.setup();
    await screen.findByRole("heading", { level: 1, name: "People in your record" });
    await user.click(screen.getByTestId("settings-link"));
    await screen.findByRole("heading", { level: 1, name: "Settings" });
    await user.click(screen.getByTestId("lock-button"));
    await screen.findByRole("heading", { level: 1, name: "Unlock your record" });
    vi.mocked(commands.unlock).mockResolvedValue(status({ unlocked: true }));
    await user.type(screen.getByTestId("unlock-passphrase"), "correct horse battery{Enter}");
    expect(await screen.findByRole("heading", { level: 1, name: "People in your record" })).toHaveFocus();
  });
  it("after an auto-lock, a half-made share comes back on the same step with what was typed", async () => {
    vi.mocked(commands.vaultStatus).mockResolvedValue(status({ unlocked: true }));
    vi.mocked(commands.listPeople).mockResolvedValue([person()]);
    vi.mocked(commands.today).mockResolvedValue(today());
    vi.mocked(commands.recordSummary).mockRejectedValue(new Error("not needed here"));
    vi.mocked(commands.readingOverview).mockResolvedValue([]);
    render(App);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("link", { name: "Margaret Evans" }));
    await user.click(await screen.findByTestId("share-record"));
    await user.type(await screen.findByTestId("share-name"), "Dr Asha Patel");
    await waitFor(() => expect(lockedListener).not.toBeNull());
    lockedListener!(status({ unlocked: false }));
    await screen.findByTestId("lock-notice");
    expect(screen.queryByTestId("share-name")).toBeNull();
    vi.mocked(commands.unlock).mockResolvedValue(status({ unlocked: true }));
    await user.type(screen.getByTestId("unlock-passphrase"), "correct horse battery{Enter}");
    expect(await screen.findByTestId("share-name")).toHaveValue("Dr Asha Patel");
  });

  it("after an auto-lock, a half-filled person form comes back as it was left; any other move forgets it", async () => {
    vi.mocked(commands.vaultStatus).mockResolvedValue(status({ unlocked: true }));
    render(App);
    const user = userEvent.setup();
    await screen.findByRole("heading", { level: 1, name: "People in your record" });
    await user.click(screen.getByTestId("add-person"));
    await user.type(await screen.findByTestId("person-name"), "Alice Evans");
    await waitFor(() => expect(lockedListener).not.toBeNull());
    lockedListener!(status({ unlocked: false }));
    await screen.findByTestId("lock-notice");
    expect(screen.queryByTestId("person-name")).toBeNull();
    vi.mocked(commands.unlock).mockResolvedValue(status({ unlocked: true }));
    await user.type(screen.getByTestId("unlock-passphrase"), "correct horse battery{Enter}");
    expect(await screen.findByTestId("person-name")).toHaveValue("Alice Evans");

    await user.click(screen.getByRole("button", { name: "Cancel" }));
    await screen.findByRole("heading", { level: 1, name: "People in your record" });
    await user.click(screen.getByTestId("add-person"));
    expect(await screen.findByTestId("person-name")).toHaveValue("");
  });
});
