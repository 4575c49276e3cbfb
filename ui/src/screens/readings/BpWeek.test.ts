import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as ipc from "../../ipc";
import * as commands from "../../commands";
import { fileChoice, person } from "../../test/ipc-mock";
import { KINDS, reading, urgentBpAdvice } from "./fixtures";
import BpWeek from "./BpWeek.svelte";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

const NOT_STARTED: ipc.BpWeek = { active: false, days: [], nextStep: "", complete: false, flagged: [] };
const days = (filled: number): ipc.BpWeekDay[] =>
  Array.from({ length: 7 }, (_, i) => ({
    date: `2026-11-${String(23 + i).padStart(2, "0")}`.replace("2026-11-31", "2026-12-01").replace("2026-11-30", "2026-11-30"),
    morning: i < filled ? 2 : 0,
    evening: i < filled ? 2 : 0,
  }));
const ACTIVE: ipc.BpWeek = {
  active: true,
  startedAt: "2026-11-23T07:00:00+00:00",
  days: days(1).map((d, i) => (i === 1 ? { ...d, morning: 1 } : d)),
  nextStep: "Take 1 more reading this morning, a minute after the last.",
  complete: false,
  flagged: [],
};
const COMPLETE: ipc.BpWeek = {
  active: false,
  startedAt: "2026-11-23T07:00:00+00:00",
  days: days(7),
  nextStep: "Your week is complete.",
  complete: true,
  flagged: [],
  average: {
    enough: true,
    daysUsed: 6,
    readingsUsed: 24,
    firstDayDiscarded: true,
    systolic: 138.4,
    diastolic: 86.2,
    aboveThreshold: true,
    threshold: "135/85 mmHg",
    explanation: "Your average from day 2 to day 7 is above 135/85 mmHg. Show it to your GP.",
  },
};

function setup(now = new Date(2026, 10, 24, 7, 30)) {
  const props = { person: person(), kinds: KINDS, onback: vi.fn(), now: () => now };
  render(BpWeek, props);
  return { props, user: userEvent.setup() };
}

describe("BpWeek", () => {
  beforeEach(() => vi.clearAllMocks());

  it("explains the week and starts it", async () => {
    vi.mocked(commands.bpWeek).mockResolvedValue(NOT_STARTED);
    vi.mocked(commands.startBpWeek).mockResolvedValue(ACTIVE);
    const { user } = setup();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Blood pressure week");
    await user.click(await screen.findByTestId("start-bp-week"));
    expect(commands.startBpWeek).toHaveBeenCalledWith("p1");
    await waitFor(() => expect(screen.getByTestId("bp-next-step")).toHaveFocus());
    expect(screen.getByTestId("bp-next-step")).toHaveTextContent("Take 1 more reading this morning");
  });

  it("shows the 7-day grid and adds a reading inline, then asks again what is next", async () => {
    vi.mocked(commands.bpWeek).mockResolvedValueOnce(ACTIVE).mockResolvedValueOnce({ ...ACTIVE, nextStep: "This evening: take 2 readings." });
    vi.mocked(commands.addReading).mockResolvedValue(reading());
    const { user } = setup();
    const grid = await screen.findByTestId("bp-week-grid");
    const rows = within(grid).getAllByTestId("bp-week-day");
    expect(rows).toHaveLength(7);
    expect(rows[0]).toHaveTextContent("Mon 23 Nov 2026 (not counted)");
    expect(rows[0]).toHaveTextContent("Done (2)");
    expect(rows[1]).toHaveTextContent("1 of 2");
    expect(rows[2]).toHaveTextContent("Not yet");

    await user.type(screen.getByTestId("reading-value"), "131");
    await user.type(screen.getByTestId("reading-value2"), "84{Enter}");
    await waitFor(() => expect(commands.addReading).toHaveBeenCalled());
    expect(vi.mocked(commands.addReading).mock.calls[0][1]).toMatchObject({ kind: "bloodPressure", value: 131, value2: 84, at: "2026-11-24T07:30:00+00:00" });
    await waitFor(() => expect(screen.getByTestId("bp-next-step")).toHaveTextContent("This evening: take 2 readings."));
  });

  it("ends with the NICE home average, saved as a PDF the app makes, then opened to print", async () => {
    vi.mocked(commands.bpWeek).mockResolvedValue(COMPLETE);
    const { user } = setup();
    const summary = await screen.findByTestId("bp-average");
    expect(within(summary).getByTestId("bp-average-value")).toHaveTextContent("138/86 mmHg");
    expect(within(summary).getByTestId("bp-average-threshold")).toHaveTextContent("This is above 135/85 mmHg");
    expect(summary).toHaveTextContent("Show it to your GP.");
    expect(summary).toHaveTextContent("24 readings from 6 days were used.");
    expect(within(summary).getByTestId("bp-first-day")).toHaveTextContent("The first day was left out");
    expect(screen.queryByTestId("reading-form")).not.toBeInTheDocument();

    const print_ = vi.fn();
    vi.stubGlobal("print", print_);
    // Cancel in the Save dialog shows nothing.
    vi.mocked(commands.saveBpWeekPdf).mockResolvedValueOnce(null);
    await user.click(screen.getByTestId("bp-week-pdf-button"));
    await waitFor(() => expect(commands.saveBpWeekPdf).toHaveBeenCalledWith("p1"));
    expect(screen.queryByTestId("bp-week-pdf-saved")).not.toBeInTheDocument();
    expect(screen.queryByTestId("bp-week-pdf-error")).not.toBeInTheDocument();

    const choice = fileChoice("blood-pressure-week-2026-11-24.pdf");
    vi.mocked(commands.saveBpWeekPdf).mockResolvedValueOnce(choice);
    await user.click(screen.getByTestId("bp-week-pdf-button"));
    const saved = await screen.findByTestId("bp-week-pdf-saved");
    expect(saved).toHaveClass("nhsuk-panel");
    expect(saved).toHaveTextContent("Saved as blood-pressure-week-2026-11-24.pdf");
    expect(saved).toHaveTextContent("not encrypted");
    await user.click(screen.getByTestId("bp-week-pdf-open"));
    expect(commands.openSavedPdf).toHaveBeenCalledWith(choice.handle);
    expect(print_).not.toHaveBeenCalled();
    expect(screen.getByTestId("bp-week-grid")).toBeInTheDocument();
  });

  it("lists the week's red-flag readings with their urgency in words and the advice once", async () => {
    const advice = urgentBpAdvice();
    const flagged = [
      reading({ id: "f2", at: "2026-11-24T07:10:00+00:00", value: 186, value2: 121, display: "186/121 mmHg", advice }),
      reading({ id: "f1", at: "2026-11-24T07:05:00+00:00", value: 185, value2: 122, display: "185/122 mmHg", advice }),
    ];
    vi.mocked(commands.bpWeek).mockResolvedValue({ ...COMPLETE, flagged });
    setup();
    const section = await screen.findByTestId("bp-week-flagged");
    expect(within(section).getByRole("heading", { level: 2 })).toHaveTextContent("Readings this week that need action");
    const items = within(section).getAllByTestId("bp-week-flagged-reading");
    expect(items.map((i) => i.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "186/121 mmHg, taken 24 Nov 2026, 07:10 Red flag: urgent: Very high blood pressure",
      "185/122 mmHg, taken 24 Nov 2026, 07:05 Red flag: urgent: Very high blood pressure",
    ]);
    // One card for the row both met.
    expect(within(section).getAllByTestId("bp-week-advice")).toHaveLength(1);
  });

  it("after adding a red-flag reading in the week, focus goes to the week's red flags, not back to the form", async () => {
    const advice = urgentBpAdvice();
    const saved = reading({ id: "n1", value: 185, value2: 122, display: "185/122 mmHg", advice });
    vi.mocked(commands.bpWeek).mockResolvedValueOnce(ACTIVE).mockResolvedValue({ ...ACTIVE, flagged: [saved] });
    vi.mocked(commands.addReading).mockResolvedValue(saved);
    const { user } = setup();
    await screen.findByTestId("bp-week-grid");
    await user.type(screen.getByTestId("reading-value"), "185");
    await user.type(screen.getByTestId("reading-value2"), "122{Enter}");
    await waitFor(() => expect(screen.getByRole("heading", { name: "A reading this week needs action" })).toHaveFocus());
  });
});
