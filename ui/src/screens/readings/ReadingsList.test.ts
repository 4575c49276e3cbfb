import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import { person } from "../../test/ipc-mock";
import { KINDS, reading, urgentBpAdvice } from "./fixtures";
import ReadingsList from "./ReadingsList.svelte";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

const A = reading({ id: "a", at: "2026-11-23T08:05:00+00:00", display: "128/82 mmHg, pulse 70", note: "left arm" });
const B = reading({
  id: "b",
  kind: "bloodGlucose",
  at: "2026-11-22T19:30:00+00:00",
  value: 6.1,
  value2: undefined,
  display: "6.1 mmol/L",
  source: "deviceFile",
  sourceName: "Dexcom CLARITY",
  outOfTarget: true,
});

function setup(over: Record<string, unknown> = {}) {
  const props = { person: person(), kinds: KINDS, onback: vi.fn(), onedit: vi.fn(), ...over };
  render(ReadingsList, props);
  return { props, user: userEvent.setup() };
}

describe("ReadingsList", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(commands.listReadings).mockResolvedValue({ readings: [A, B], total: 2 });
  });

  it("lists readings newest first with their kind, value, notes and flags", async () => {
    setup();
    const table = await screen.findByTestId("readings-table");
    const rows = within(table).getAllByTestId("reading-row");
    expect(rows[0]).toHaveTextContent("23 Nov 2026, 08:05");
    expect(rows[0]).toHaveTextContent("Blood pressure");
    expect(rows[0]).toHaveTextContent("128/82 mmHg, pulse 70");
    expect(rows[0]).toHaveTextContent("left arm");
    expect(rows[1]).toHaveTextContent("Blood glucose");
    expect(rows[1]).toHaveTextContent("Outside target");
    expect(rows[1]).toHaveTextContent("From Dexcom CLARITY");
    expect(table).toHaveTextContent("All kinds. Showing 1 to 2 of 2 readings");
    expect(commands.listReadings).toHaveBeenCalledWith("p1", { kind: undefined, from: undefined, to: undefined, limit: 25, offset: 0, source: "all" });
  });

  it("filters by kind and dates, and refuses a date that is not real", async () => {
    const { user } = setup();
    await screen.findByTestId("readings-table");
    await user.selectOptions(screen.getByTestId("list-kind"), "bloodGlucose");
    await user.type(screen.getByTestId("list-from-day"), "1");
    await user.type(screen.getByTestId("list-from-month"), "11");
    await user.type(screen.getByTestId("list-from-year"), "2026");
    await user.type(screen.getByTestId("list-to-day"), "31");
    await user.type(screen.getByTestId("list-to-month"), "11");
    await user.type(screen.getByTestId("list-to-year"), "2026");
    await user.click(screen.getByTestId("apply-filter"));
    expect(screen.getByTestId("error-summary")).toHaveTextContent("The 'to' date must be a real date");
    expect(commands.listReadings).toHaveBeenCalledTimes(1);

    await user.clear(screen.getByTestId("list-to-day"));
    await user.type(screen.getByTestId("list-to-day"), "30");
    await user.click(screen.getByTestId("apply-filter"));
    await waitFor(() =>
      expect(commands.listReadings).toHaveBeenLastCalledWith("p1", {
        kind: "bloodGlucose",
        from: "2026-11-01",
        to: "2026-11-30",
        limit: 25,
        offset: 0,
        source: "all",
      }),
    );
  });

  it("pages through readings", async () => {
    vi.mocked(commands.listReadings).mockResolvedValue({ readings: [A, B], total: 5 });
    const { user } = setup({ pageSize: 2 });
    await screen.findByTestId("readings-table");
    expect(screen.getByTestId("previous-page")).toBeDisabled();
    await user.click(screen.getByTestId("next-page"));
    await waitFor(() => expect(commands.listReadings).toHaveBeenLastCalledWith("p1", expect.objectContaining({ offset: 2, limit: 2 })));
  });

  it("deletes at once and offers Undo, which restores the reading", async () => {
    vi.mocked(commands.deleteReading).mockResolvedValue(null);
    vi.mocked(commands.restoreReading).mockResolvedValue(A);
    const { user } = setup();
    await screen.findByTestId("readings-table");
    vi.mocked(commands.listReadings).mockResolvedValue({ readings: [B], total: 1 });
    await user.click(screen.getAllByTestId("delete-reading")[0]);

    await waitFor(() => expect(commands.deleteReading).toHaveBeenCalledWith("p1", "a"));
    const banner = await screen.findByTestId("undo-banner");
    expect(banner).toHaveTextContent("Reading deleted: Blood pressure, 128/82 mmHg, pulse 70, taken 23 Nov 2026, 08:05.");
    await waitFor(() => expect(screen.getByTestId("undo-delete")).toHaveFocus());
    expect(screen.getAllByTestId("reading-row")).toHaveLength(1);

    vi.mocked(commands.listReadings).mockResolvedValue({ readings: [A, B], total: 2 });
    await user.keyboard("{Enter}");
    await waitFor(() => expect(commands.restoreReading).toHaveBeenCalledWith("p1", "a"));
    await waitFor(() => expect(screen.queryByTestId("undo-banner")).not.toBeInTheDocument());
    expect(screen.getByTestId("restored-notice")).toHaveTextContent("The reading from 23 Nov 2026, 08:05 is back.");
    await waitFor(() => expect(screen.getAllByTestId("reading-row")).toHaveLength(2));
  });

  it("the Undo offer goes after a while", async () => {
    vi.mocked(commands.deleteReading).mockResolvedValue(null);
    const { user } = setup({ undoMs: 50 });
    await screen.findByTestId("readings-table");
    await user.click(screen.getAllByTestId("delete-reading")[0]);
    await screen.findByTestId("undo-banner");
    // Focus is on Undo, which holds the banner open; moving away lets it go.
    screen.getByRole("heading", { level: 1 }).focus();
    await waitFor(() => expect(screen.queryByTestId("undo-banner")).not.toBeInTheDocument());
    expect(commands.restoreReading).not.toHaveBeenCalled();
  });

  it("Change opens the reading for editing", async () => {
    const { user, props } = setup();
    await screen.findByTestId("readings-table");
    await user.click(screen.getAllByTestId("edit-reading")[1]);
    expect(props.onedit).toHaveBeenCalledWith(B);
  });

  it("a red-flag reading says its urgency in words beside it, with its advice in a row beneath", async () => {
    const flagged = reading({ id: "c", value: 185, value2: 122, display: "185/122 mmHg", advice: urgentBpAdvice() });
    vi.mocked(commands.listReadings).mockResolvedValue({ readings: [flagged, A], total: 2 });
    const { user } = setup();
    const table = await screen.findByTestId("readings-table");
    const rows = within(table).getAllByTestId("reading-row");
    expect(within(rows[0]).getByTestId("red-flag-tag")).toHaveTextContent("Urgent");
    expect(within(rows[1]).queryByTestId("red-flag-tag")).not.toBeInTheDocument();
    const adviceRows = within(table).getAllByTestId("reading-advice-row");
    expect(adviceRows).toHaveLength(1);
    await user.click(within(adviceRows[0]).getByText(/What to do about the reading from 23 Nov 2026, 08:05/));
    expect(within(adviceRows[0]).getByTestId("reading-advice")).toHaveTextContent("Urgent: Very high blood pressure");
    expect(within(adviceRows[0]).getByTestId("reading-advice-text")).toBeVisible();
  });
});
