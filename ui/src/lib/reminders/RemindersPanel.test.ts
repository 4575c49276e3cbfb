import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import type { ReminderDue } from "../../bindings/ReminderDue";
import type { Reminders } from "../../bindings/Reminders";
import RemindersPanel from "./RemindersPanel.svelte";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

const EVENING: ReminderDue = {
  reminderId: "1",
  firedAt: "2026-11-23T20:00:00+00:00",
  firedText: "23 Nov 2026, 20:00",
  state: "due",
  title: "Evening blood pressure reading",
  action: "addReading",
  actionLabel: "Add the reading",
  readingKind: "bloodPressure",
};
const RAMIPRIL: ReminderDue = {
  reminderId: "2",
  firedAt: "2026-11-23T08:00:00+00:00",
  firedText: "23 Nov 2026, 08:00",
  state: "missed",
  title: "Take Ramipril 5 mg",
  action: "markTaken",
  actionLabel: "Mark as taken",
  readingKind: null,
};

function reminders(due: ReminderDue[], missed: ReminderDue[], count = 2): Reminders {
  return { reminders: [], due: { due, missed, done: [], count, summary: null }, showDetails: false };
}

function props() {
  return { personId: "p1", onmanage: vi.fn(), onaddreading: vi.fn(), onbackup: vi.fn(), onreview: vi.fn() };
}

describe("RemindersPanel", () => {
  beforeEach(() => vi.clearAllMocks());

  it("shows what is due now and missed, each with what to do", async () => {
    vi.mocked(commands.reminders).mockResolvedValue(reminders([EVENING], [RAMIPRIL]));
    const p = props();
    render(RemindersPanel, p);
    const user = userEvent.setup();
    expect(await screen.findByRole("heading", { name: "Due now" })).toBeInTheDocument();
    const due = screen.getByTestId("reminders-due");
    expect(due).toHaveTextContent("Evening blood pressure reading");
    expect(due).toHaveTextContent("23 Nov 2026, 20:00");
    expect(screen.getByRole("heading", { name: "Missed" })).toBeInTheDocument();
    expect(screen.getByTestId("reminders-missed")).toHaveTextContent("Take Ramipril 5 mg");

    await user.click(within(due).getByRole("button", { name: "Add the reading: Evening blood pressure reading" }));
    expect(p.onaddreading).toHaveBeenCalledWith("bloodPressure");

    vi.mocked(commands.setReminderTaken).mockResolvedValue({
      ...reminders([EVENING], []),
      due: { due: [EVENING], missed: [], done: [{ ...RAMIPRIL, state: "done" }], count: 2, summary: "1 reminder due now" },
    });
    await user.click(screen.getByRole("button", { name: "Mark as taken: Take Ramipril 5 mg" }));
    expect(commands.setReminderTaken).toHaveBeenCalledWith("p1", "2", RAMIPRIL.firedAt, true);
    expect(screen.queryByTestId("reminders-missed")).not.toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Take Ramipril 5 mg: marked as taken.");

    await user.click(screen.getByRole("button", { name: "Set or change reminders" }));
    expect(p.onmanage).toHaveBeenCalled();
  });

  it("says when nothing is due, and when no reminder is set", async () => {
    vi.mocked(commands.reminders).mockResolvedValue(reminders([], [], 3));
    render(RemindersPanel, props());
    expect(await screen.findByTestId("reminders-nothing-due")).toHaveTextContent("Nothing is due now.");

    vi.mocked(commands.reminders).mockResolvedValue(reminders([], [], 0));
    render(RemindersPanel, props());
    expect(await screen.findByTestId("reminders-none")).toHaveTextContent("You have no reminders set.");
  });

  it("says the backend's problem when the reminders cannot be read", async () => {
    vi.mocked(commands.reminders).mockRejectedValue({ code: "VAULT_LOCKED", message: "Your record is locked.", field: null });
    render(RemindersPanel, props());
    expect(await screen.findByTestId("reminders-problem")).toBeInTheDocument();
  });
});
