import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as ipc from "../../ipc";
import * as commands from "../../commands";
import Timeline from "./Timeline.svelte";
import { ASTHMA, POTASSIUM, SALBUTAMOL, entry } from "./test-data";
import { urgentBpAdvice } from "../readings/fixtures";
import { vocabulary } from "../../test/ipc-mock";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

const OLD = entry({ id: "e7", title: "Appendicectomy", kind: "procedure", status: "completed", date: "2001-06-30" });
const UNDATED = entry({ id: "e8", title: "Blood group A", kind: "result", date: null });

function setup(props: Partial<{ kind: ipc.EntryKind; pageSize: number }> = {}) {
  const all = { personId: "p1", onopen: vi.fn(), ...props };
  render(Timeline, all);
  return { props: all, user: userEvent.setup() };
}

const query = (over: Partial<ipc.TimelineQuery> = {}): ipc.TimelineQuery => ({
  kinds: [],
  from: null,
  to: null,
  sensitivity: null,
  abnormalOnly: false,
  cursor: null,
  limit: 50,
  ...over,
});

describe("Timeline", () => {
  beforeEach(() => vi.clearAllMocks());

  it("loads the first page, grouped by month, with a count", async () => {
    vi.mocked(commands.timeline).mockResolvedValue({
      entries: [POTASSIUM, SALBUTAMOL, ASTHMA],
      nextCursor: "c1",
      total: 1111,
    });
    setup();
    expect(await screen.findByTestId("timeline-count")).toHaveTextContent("Showing 3 of 1,111 entries");
    expect(vi.mocked(commands.timeline)).toHaveBeenCalledWith("p1", query());
    const list = screen.getByTestId("timeline-list");
    const months = within(list).getAllByRole("heading", { level: 3 }).map((h) => h.textContent);
    expect(months).toEqual(["October 2026", "January 2024", "March 2019"]);
    expect(within(list).getAllByTestId("entry-link").map((a) => a.textContent)).toEqual([
      "Serum potassium",
      "Salbutamol 100 micrograms inhaler",
      "Asthma",
    ]);
    // Each row says what kind of entry it is, in plain English.
    expect(within(list).getAllByTestId("entry-row")[0]).toHaveTextContent("Test result");
  });

  it("shows more with the cursor, appends, and moves focus to the first new entry", async () => {
    vi.mocked(commands.timeline)
      .mockResolvedValueOnce({ entries: [POTASSIUM, SALBUTAMOL], nextCursor: "c1", total: 4 })
      .mockResolvedValueOnce({ entries: [OLD, UNDATED], nextCursor: null, total: 4 });
    const { user } = setup({ pageSize: 2 });
    await user.click(await screen.findByTestId("show-more"));
    await waitFor(() => expect(screen.getByTestId("timeline-count")).toHaveTextContent("Showing all 4 entries"));
    expect(vi.mocked(commands.timeline)).toHaveBeenLastCalledWith("p1", query({ limit: 2, cursor: "c1" }));
    expect(screen.getAllByTestId("entry-link")).toHaveLength(4);
    await waitFor(() => expect(screen.getByRole("link", { name: "Appendicectomy" })).toHaveFocus());
    expect(screen.getByRole("heading", { name: "Date not recorded" })).toBeInTheDocument();
    expect(screen.queryByTestId("show-more")).toBeNull();
  });

  it("applies the filters: kind, label, abnormal only, dates", async () => {
    vi.mocked(commands.timeline).mockResolvedValue({ entries: [POTASSIUM], nextCursor: null, total: 1 });
    const { user } = setup();
    await screen.findByTestId("timeline-count");
    await user.selectOptions(screen.getByTestId("filter-kind"), "result");
    await user.selectOptions(screen.getByTestId("filter-sensitivity"), "heldBack");
    await user.click(screen.getByTestId("filter-abnormal"));
    await user.type(screen.getByTestId("filter-from-day"), "1");
    await user.type(screen.getByTestId("filter-from-month"), "1");
    await user.type(screen.getByTestId("filter-from-year"), "2026");
    await user.type(screen.getByTestId("filter-to-day"), "31");
    await user.type(screen.getByTestId("filter-to-month"), "12");
    await user.type(screen.getByTestId("filter-to-year"), "2026");
    await user.click(screen.getByTestId("apply-filters"));
    await waitFor(() =>
      expect(vi.mocked(commands.timeline)).toHaveBeenLastCalledWith(
        "p1",
        query({ kinds: ["result"], sensitivity: "heldBack", abnormalOnly: true, from: "2026-01-01", to: "2026-12-31" }),
      ),
    );
    await user.click(screen.getByTestId("clear-filters"));
    await waitFor(() => expect(vi.mocked(commands.timeline)).toHaveBeenLastCalledWith("p1", query()));
  });

  it("refuses a date that is not real, with an error summary", async () => {
    vi.mocked(commands.timeline).mockResolvedValue({ entries: [], nextCursor: null, total: 0 });
    const { user } = setup();
    await screen.findByTestId("timeline-empty");
    await user.type(screen.getByTestId("filter-from-day"), "31");
    await user.type(screen.getByTestId("filter-from-month"), "2");
    await user.type(screen.getByTestId("filter-from-year"), "2026");
    await user.click(screen.getByTestId("apply-filters"));
    const summary = await screen.findByTestId("error-summary");
    expect(summary).toHaveTextContent("The from date must be a real date");
    expect(vi.mocked(commands.timeline)).toHaveBeenCalledTimes(1);
  });

  it("says when nothing matches the filters", async () => {
    vi.mocked(commands.timeline).mockResolvedValue({ entries: [], nextCursor: null, total: 0 });
    const { user } = setup();
    expect(await screen.findByTestId("timeline-empty")).toHaveTextContent("There are no entries here yet.");
    await user.click(screen.getByTestId("filter-abnormal"));
    await user.click(screen.getByTestId("apply-filters"));
    await waitFor(() => expect(screen.getByTestId("timeline-empty")).toHaveTextContent("No entries match these filters."));
  });

  it("with a fixed kind, asks only for that kind and hides the kind filter", async () => {
    vi.mocked(commands.timeline).mockResolvedValue({ entries: [ASTHMA], nextCursor: null, total: 1 });
    setup({ kind: "problem" });
    await screen.findByTestId("timeline-count");
    expect(vi.mocked(commands.timeline)).toHaveBeenCalledWith("p1", query({ kinds: ["problem"] }));
    expect(screen.queryByTestId("filter-kind")).toBeNull();
  });

  it("opens an entry", async () => {
    vi.mocked(commands.timeline).mockResolvedValue({ entries: [ASTHMA], nextCursor: null, total: 1 });
    const { props, user } = setup();
    await user.click(await screen.findByRole("link", { name: "Asthma" }));
    expect(props.onopen).toHaveBeenCalledWith(ASTHMA);
  });

  it("offers 'outside the normal range' in the backend's words, only for kinds where it means something", async () => {
    vi.mocked(commands.timeline).mockResolvedValue({ entries: [POTASSIUM], nextCursor: null, total: 1 });
    const { user } = setup();
    await screen.findByTestId("timeline-count");
    const range = vocabulary().range;
    // All kinds: offered, labelled and explained as the backend says.
    expect(screen.getByLabelText(range.filterLabel)).toBe(screen.getByTestId("filter-abnormal"));
    expect(screen.getByTestId("filter-abnormal")).toHaveAccessibleDescription(range.filterHint);
    // Problems and medicines: not offered, and a ticked box is not sent.
    await user.click(screen.getByTestId("filter-abnormal"));
    for (const kind of ["problem", "medication"] as const) {
      expect(vocabulary().entryKinds.find((k) => k.kind === kind)?.rangeFilter).toBe(false);
      await user.selectOptions(screen.getByTestId("filter-kind"), kind);
      expect(screen.queryByTestId("filter-abnormal")).toBeNull();
      await user.click(screen.getByTestId("apply-filters"));
      await waitFor(() => expect(vi.mocked(commands.timeline)).toHaveBeenLastCalledWith("p1", query({ kinds: [kind] })));
    }
    // Results: offered again.
    await user.selectOptions(screen.getByTestId("filter-kind"), "result");
    expect(screen.getByTestId("filter-abnormal")).toBeChecked();
  });

  it("a fixed kind where the range means nothing (problems) offers no range filter", async () => {
    vi.mocked(commands.timeline).mockResolvedValue({ entries: [ASTHMA], nextCursor: null, total: 1 });
    setup({ kind: "problem" });
    await screen.findByTestId("timeline-count");
    expect(screen.queryByTestId("filter-abnormal")).toBeNull();
  });

  it("with the range filter on, says how many results could not be checked, in the backend's sentence", async () => {
    vi.mocked(commands.timeline)
      .mockResolvedValueOnce({ entries: [POTASSIUM], nextCursor: null, total: 1 })
      .mockResolvedValue({
        entries: [],
        nextCursor: null,
        total: 0,
        unchecked: 12,
        uncheckedText: "12 results have no range and cannot be checked.",
      });
    const { user } = setup();
    await screen.findByTestId("timeline-count");
    expect(screen.queryByTestId("timeline-unchecked")).toBeNull();
    await user.click(screen.getByTestId("filter-abnormal"));
    await user.click(screen.getByTestId("apply-filters"));
    expect(await screen.findByTestId("timeline-unchecked")).toHaveTextContent("12 results have no range and cannot be checked.");
    expect(screen.getByTestId("timeline-empty")).toHaveTextContent("No entries match these filters.");
  });

  it("a GP result the red-flag table flags says its urgency in words in the list", async () => {
    const bp = entry({
      id: "bp1", kind: "result", title: "Blood pressure", status: "final", date: "2026-10-02",
      valueText: "186/122 mmHg", abnormal: true, rangeCheck: "outside", advice: urgentBpAdvice(),
    });
    vi.mocked(commands.timeline).mockResolvedValue({ entries: [bp, POTASSIUM], nextCursor: null, total: 2 });
    setup();
    const rows = await screen.findAllByTestId("entry-row");
    expect(within(rows[0]).getByTestId("entry-red-flag")).toHaveTextContent("Urgent: Very high blood pressure");
    expect(within(rows[1]).queryByTestId("entry-red-flag")).toBeNull();
  });
});
