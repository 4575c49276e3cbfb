// A half-typed reading survives an auto-lock (in memory only), and nothing else: a lock the
// person asks for, another screen, or a saved reading forgets it.
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as ipc from "../../ipc";
import * as commands from "../../commands";
import { person, status, vocabulary } from "../../test/ipc-mock";
import { KINDS, reading } from "../../screens/readings/fixtures";
import App from "../../App.svelte";
import { readingDraftKey, typedSomething, type ReadingDraft } from "./draft";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

let lockedListener: ((s: ipc.VaultStatus) => void) | null = null;

/** Opens Margaret's readings and the blood pressure form; types a systolic of 128. */
async function typeHalfAReading() {
  render(App);
  const user = userEvent.setup();
  await user.click(await screen.findByRole("link", { name: "Margaret Evans" }));
  await user.click(await screen.findByTestId("open-readings"));
  await user.click(await screen.findByTestId("add-reading"));
  await user.type(await screen.findByTestId("reading-value"), "128");
  await user.type(screen.getByTestId("reading-note"), "after a walk");
  return user;
}

async function unlock(user: ReturnType<typeof userEvent.setup>) {
  vi.mocked(commands.unlock).mockResolvedValue(status({ unlocked: true }));
  await user.type(await screen.findByTestId("unlock-passphrase"), "correct horse battery{Enter}");
}

describe("a reading being typed, across a lock", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    lockedListener = null;
    vi.mocked(commands.onVaultLocked).mockImplementation(async (fn) => {
      lockedListener = fn;
      return () => {};
    });
    vi.mocked(commands.vaultStatus).mockResolvedValue(status({ unlocked: true }));
    vi.mocked(commands.listPeople).mockResolvedValue([person()]);
    vi.mocked(commands.vocabulary).mockResolvedValue(vocabulary());
    vi.mocked(commands.keepAlive).mockResolvedValue(null);
    vi.mocked(commands.lock).mockResolvedValue(status({ unlocked: false }));
    vi.mocked(commands.getPreferences).mockResolvedValue({ textSizePercent: 100 });
    vi.mocked(commands.auditLog).mockResolvedValue([]);
    vi.mocked(commands.readingKinds).mockResolvedValue(KINDS);
    vi.mocked(commands.readingOverview).mockResolvedValue([]);
    // No file double-clicked on the desktop.
    vi.mocked(commands.openedFile).mockResolvedValue(null);
    vi.mocked(commands.onFileOpened).mockResolvedValue(() => {});
  });

  it("after an auto-lock, comes back in the form as it was typed, with a line saying so", async () => {
    const user = await typeHalfAReading();
    expect(screen.queryByTestId("reading-kept")).toBeNull();
    await waitFor(() => expect(lockedListener).not.toBeNull());
    lockedListener!(status({ unlocked: false }));
    await screen.findByTestId("lock-notice");
    expect(screen.queryByTestId("reading-value")).toBeNull();
    await unlock(user);
    expect(await screen.findByTestId("reading-value")).toHaveValue("128");
    expect(screen.getByTestId("reading-note")).toHaveValue("after a walk");
    expect(screen.getByTestId("reading-kept")).toHaveTextContent(vocabulary().readingForm.keptTyping);
    expect(screen.getByTestId("reading-kept")).toHaveTextContent("We kept what you had typed.");

    // Once the reading is added, the form is empty and the line has gone.
    vi.mocked(commands.addReading).mockResolvedValue(reading({ display: "128/82 mmHg" }));
    await user.type(screen.getByTestId("reading-value2"), "82{Enter}");
    await waitFor(() => expect(commands.addReading).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(screen.getByTestId("reading-value")).toHaveValue(""));
    expect(screen.queryByTestId("reading-kept")).toBeNull();
  });

  it("a reading being changed comes back changed after an auto-lock, on the same reading", async () => {
    const weight = reading({ id: "r7", kind: "weight", value: 71.4, unit: "kg", enteredValue: 71.4, enteredUnit: "kg", display: "71.4 kg" });
    vi.mocked(commands.listReadings).mockResolvedValue({ readings: [weight], total: 1 });
    render(App);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("link", { name: "Margaret Evans" }));
    await user.click(await screen.findByTestId("open-readings"));
    await user.click(await screen.findByTestId("readings-list-link"));
    await user.click(await screen.findByTestId("edit-reading"));
    const value = await screen.findByTestId("reading-value");
    expect(value).toHaveValue("71.4");
    await user.clear(value);
    await user.type(value, "72.1");
    await waitFor(() => expect(lockedListener).not.toBeNull());
    lockedListener!(status({ unlocked: false }));
    await screen.findByTestId("lock-notice");
    await unlock(user);
    expect(await screen.findByRole("heading", { level: 1, name: /Change a reading/ })).toBeInTheDocument();
    expect(screen.getByTestId("reading-value")).toHaveValue("72.1");
    expect(screen.getByTestId("reading-kept")).toBeInTheDocument();
  });

  it("after a lock the person asked for, what was typed is gone", async () => {
    const user = await typeHalfAReading();
    await user.click(screen.getByTestId("lock-button"));
    await screen.findByRole("heading", { level: 1, name: "Unlock your record" });
    await unlock(user);
    await screen.findByRole("heading", { level: 1, name: "People in your record" });
    await user.click(await screen.findByRole("link", { name: "Margaret Evans" }));
    await user.click(await screen.findByTestId("open-readings"));
    await user.click(await screen.findByTestId("add-reading"));
    expect(await screen.findByTestId("reading-value")).toHaveValue("");
    expect(screen.queryByTestId("reading-kept")).toBeNull();
  });

  it("leaving the form and coming back to it forgets what was typed", async () => {
    const user = await typeHalfAReading();
    await user.click(screen.getByTestId("readings-back"));
    await user.click(await screen.findByTestId("add-reading"));
    expect(await screen.findByTestId("reading-value")).toHaveValue("");
    expect(screen.queryByTestId("reading-kept")).toBeNull();
  });
});

describe("the reading draft", () => {
  const shown: ReadingDraft = {
    value: "",
    value2: "",
    pulse: "",
    unit: "mm[Hg]",
    context: "",
    arm: "",
    position: "",
    text: "",
    note: "",
    day: "23",
    month: "11",
    year: "2026",
    time: "08:05",
  };

  it("is kept only when something was typed", () => {
    expect(typedSomething(shown, { ...shown })).toBe(false);
    expect(typedSomething({ ...shown, arm: "left" }, shown)).toBe(true);
  });

  it("is kept per kind and per reading being changed", () => {
    expect(readingDraftKey("bloodPressure")).toBe("reading-form:bloodPressure:new");
    expect(readingDraftKey("weight", "r7")).toBe("reading-form:weight:r7");
  });
});
