import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as ipc from "../../ipc";
import * as commands from "../../commands";
import { person } from "../../test/ipc-mock";
import { GLUCOSE, KINDS, series, urgentBpAdvice } from "./fixtures";
import ReadingsChart from "./ReadingsChart.svelte";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

// uPlot needs a real canvas; here it only records what it was given.
const plots: { opts: { width: number; series: { label?: string }[] }; data: unknown[]; destroyed: boolean }[] = [];
vi.mock("uplot", () => ({
  default: class {
    record: (typeof plots)[number];
    constructor(opts: (typeof plots)[number]["opts"], data: unknown[], target: HTMLElement) {
      this.record = { opts, data, destroyed: false };
      plots.push(this.record);
      target.appendChild(document.createElement("canvas"));
    }
    destroy() {
      this.record.destroyed = true;
    }
  },
}));

// jsdom has no ResizeObserver (bind:clientWidth uses it); the width stays 0 and the chart uses its default.
vi.stubGlobal(
  "ResizeObserver",
  class {
    observe() {}
    unobserve() {}
    disconnect() {}
  },
);

const NOW = new Date(2026, 10, 23, 12, 0, 0);

function setup(kind: ipc.ReadingKind = "bloodPressure") {
  const props = { person: person(), kinds: KINDS, kind, onback: vi.fn(), onadd: vi.fn(), now: () => NOW };
  render(ReadingsChart, props);
  return { props, user: userEvent.setup() };
}

describe("ReadingsChart", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    plots.length = 0;
    vi.mocked(commands.chartSeries).mockResolvedValue(
      series({
        target: { kind: "bloodPressure", low: 90, high: 140, low2: 60, high2: 90 },
        // As the backend flags the fixture's points against that target.
        outside: [false, true, true],
        outside2: [false, false, true],
      }),
    );
    vi.mocked(commands.readingStats).mockResolvedValue({
      kind: "bloodPressure",
      unit: "mm[Hg]",
      count: 3,
      mean: 139.67,
      min: 128,
      max: 150,
      mean2: 88.33,
      min2: 82,
      max2: 95,
    });
    vi.mocked(commands.targets).mockResolvedValue([{ kind: "bloodPressure", low: 90, high: 140, low2: 60, high2: 90 }]);
  });

  it("asks for the last month's series, reduced to the plot's width, and its stats", async () => {
    setup();
    await waitFor(() => expect(commands.chartSeries).toHaveBeenCalled());
    const [personId, kind, from, to, maxPoints] = vi.mocked(commands.chartSeries).mock.calls[0];
    expect([personId, kind]).toEqual(["p1", "bloodPressure"]);
    expect(from).toBe("2026-10-24T00:00:00+01:00");
    expect(to).toBe("2026-11-23T23:59:59+00:00");
    expect(maxPoints).toBeGreaterThanOrEqual(100);
    expect(commands.readingStats).toHaveBeenCalledWith("p1", "bloodPressure", from, to);
    await waitFor(() => expect(screen.getByTestId("chart-summary")).toHaveTextContent("3 readings. Average 140/88 mmHg; lowest 128/82; highest 150/95."));
  });

  it("draws systolic and diastolic with uPlot, and the same points as a table", async () => {
    setup();
    const table = await screen.findByTestId("chart-table");
    await waitFor(() => expect(plots.length).toBeGreaterThan(0));
    const plot = plots.at(-1)!;
    expect(plot.opts.series.map((s) => s.label)).toEqual([undefined, "Systolic", "Diastolic", "Outside your target", "Outside your target (diastolic)"]);
    // times, systolic, diastolic, and the out-of-target marks on each (150/95 is above 140/90 on both).
    expect(plot.data[1]).toEqual([128, 141, 150]);
    expect(plot.data[2]).toEqual([82, 88, 95]);
    expect(plot.data[3]).toEqual([null, 141, 150]);
    expect(plot.data[4]).toEqual([null, null, 95]);
    // With a target, the key offers the mark it draws.
    expect(screen.getByTestId("legend-outside")).toHaveTextContent("Outside your target");
    expect(screen.getByTestId("reading-chart")).toHaveAttribute("role", "img");
    expect(screen.getByTestId("reading-chart").getAttribute("aria-label")).toMatch(/Chart of blood pressure: 3 readings/);

    expect(within(table).getByRole("columnheader", { name: "Systolic" })).toBeInTheDocument();
    const rows = within(table).getAllByTestId("chart-row");
    expect(rows).toHaveLength(3);
    expect(rows[2]).toHaveTextContent("23 Nov 2026, 08:05");
    expect(rows[2]).toHaveTextContent("150");
    expect(rows[2]).toHaveTextContent("95");
    expect(rows[2]).toHaveTextContent("Outside");
    expect(rows[0]).not.toHaveTextContent("Outside");
    expect(screen.getByTestId("chart-summary")).toHaveTextContent("2 points are outside it");
  });

  it("without a target nothing can be outside it, so the key does not offer that mark", async () => {
    vi.mocked(commands.chartSeries).mockResolvedValue(series());
    vi.mocked(commands.targets).mockResolvedValue([]);
    setup();
    await screen.findByTestId("chart-table");
    expect(screen.queryByTestId("legend-outside")).not.toBeInTheDocument();
  });

  it("a red-flag point: a shape of its own named in the key, a line in words under the chart, a word in the table, and the advice", async () => {
    vi.mocked(commands.chartSeries).mockResolvedValue(
      series({
        values: [128, 141, 185],
        values2: [82, 88, 122],
        urgency: [null, "none", "urgent"],
        advice: [urgentBpAdvice()],
      }),
    );
    setup();
    const table = await screen.findByTestId("chart-table");
    // The key names the mark in words (the vocabulary's "Red flag: urgent"); "none" is no red flag.
    expect(screen.getByTestId("legend-flag-urgent")).toHaveTextContent("Red flag: urgent");
    expect(screen.queryByTestId("legend-flag-none")).not.toBeInTheDocument();
    expect(screen.getByTestId("legend-flag-urgent").querySelector("svg path")?.getAttribute("d")).toMatch(/^M.*Z$/);
    // Under the chart, in words: the flag, the numbers and when.
    const flags = screen.getAllByTestId("chart-flag");
    expect(flags).toHaveLength(1);
    expect(flags[0]).toHaveTextContent("Red flag: urgent — 185/122 mmHg on 23 Nov 2026, 08:05");
    // The table says it too.
    expect(within(table).getByRole("columnheader", { name: "Red flag" })).toBeInTheDocument();
    const rows = within(table).getAllByTestId("chart-row");
    expect(rows[2]).toHaveTextContent("Urgent");
    expect(rows[1]).not.toHaveTextContent("Urgent");
    // The advice, as a care card, once.
    const cards = screen.getAllByTestId("chart-advice");
    expect(cards).toHaveLength(1);
    expect(cards[0]).toHaveTextContent("Urgent: Very high blood pressure");
    // The chart's own label says there is a red flag.
    expect(screen.getByTestId("reading-chart").getAttribute("aria-label")).toMatch(/1 point is a red flag, listed under the chart/);
  });

  it("says when the series was reduced", async () => {
    vi.mocked(commands.chartSeries).mockResolvedValue(series({ rawCount: 105_120, reduced: true }));
    setup();
    expect(await screen.findByTestId("chart-reduced")).toHaveTextContent(
      "There are 105,120 readings in this period, more than the chart can show. The chart and this table show 3 points",
    );
  });

  it("a range picker asks again for that range", async () => {
    const { user } = setup();
    await waitFor(() => expect(commands.chartSeries).toHaveBeenCalledTimes(1));
    await user.click(screen.getByLabelText("Year"));
    await waitFor(() => expect(commands.chartSeries).toHaveBeenCalledTimes(2));
    expect(vi.mocked(commands.chartSeries).mock.calls[1][2]).toBe("2025-11-23T00:00:00+00:00");

    await user.click(screen.getByLabelText("Choose dates"));
    await user.type(screen.getByTestId("chart-from-day"), "1");
    await user.type(screen.getByTestId("chart-from-month"), "6");
    await user.type(screen.getByTestId("chart-from-year"), "2026");
    await user.type(screen.getByTestId("chart-to-day"), "30");
    await user.type(screen.getByTestId("chart-to-month"), "6");
    await user.type(screen.getByTestId("chart-to-year"), "2026");
    await user.click(screen.getByTestId("show-custom-range"));
    await waitFor(() => expect(commands.chartSeries).toHaveBeenCalledTimes(3));
    expect(vi.mocked(commands.chartSeries).mock.calls[2].slice(2, 4)).toEqual(["2026-06-01T00:00:00+01:00", "2026-06-30T23:59:59+01:00"]);
  });

  it("says so when there is nothing to draw", async () => {
    vi.mocked(commands.chartSeries).mockResolvedValue(series({ kind: "bloodGlucose", times: [], values: [], values2: [], rawCount: 0, thresholds: [] }));
    vi.mocked(commands.readingStats).mockResolvedValue({ kind: "bloodGlucose", unit: "mmol/L", count: 0 });
    setup("bloodGlucose");
    expect(await screen.findByTestId("chart-empty")).toHaveTextContent("No blood glucose readings in this period.");
    expect(screen.queryByTestId("chart-table")).not.toBeInTheDocument();
    expect(screen.getByTestId("chart-summary")).toHaveTextContent("No readings in this period.");
  });

  it("sets a personal target range and redraws", async () => {
    vi.mocked(commands.chartSeries).mockResolvedValue(series({ kind: "bloodGlucose", values2: [], values: [5.2, 8.9, 6.0] }));
    vi.mocked(commands.targets).mockResolvedValue([]);
    vi.mocked(commands.setTarget).mockResolvedValue([{ kind: "bloodGlucose", low: 4, high: 7 }]);
    const { user } = setup("bloodGlucose");
    await screen.findByTestId("chart-table");
    await user.click(screen.getByText(/Your target range for blood glucose/));
    await user.type(screen.getByTestId("target-low"), "7");
    await user.type(screen.getByTestId("target-high"), "4");
    // What the backend's check_target says about 7 to 4 (fixed test data).
    vi.mocked(commands.checkTarget).mockResolvedValueOnce([
      { code: "INVALID_INPUT", field: "low", message: "The lower end of the target is above the upper end." },
    ]);
    await user.click(screen.getByTestId("save-target"));
    await waitFor(() => expect(screen.getByTestId("target-low")).toHaveAccessibleDescription(/lower end of the target is above/));
    expect(commands.checkTarget).toHaveBeenCalledWith({ kind: "bloodGlucose", low: 7, high: 4, low2: undefined, high2: undefined });
    expect(commands.setTarget).not.toHaveBeenCalled();

    vi.mocked(commands.checkTarget).mockResolvedValue([]);

    await user.clear(screen.getByTestId("target-low"));
    await user.type(screen.getByTestId("target-low"), "4");
    await user.clear(screen.getByTestId("target-high"));
    await user.type(screen.getByTestId("target-high"), "7");
    await user.click(screen.getByTestId("save-target"));
    await waitFor(() => expect(commands.setTarget).toHaveBeenCalledWith("p1", { kind: "bloodGlucose", low: 4, high: 7, low2: undefined, high2: undefined }));
    await waitFor(() => expect(screen.getByTestId("target-saved")).toHaveTextContent(`Saved. Your target: 4 to 7 ${GLUCOSE.unitLabel}.`));
    await waitFor(() => expect(commands.chartSeries).toHaveBeenCalledTimes(2));
  });

  it("draws GP readings beside home ones, marked 'At the GP' in the key and the table twin", async () => {
    vi.mocked(commands.chartSeries).mockResolvedValue(
      series({
        gp: [
          {
            at: new Date(2026, 10, 20, 9, 30).getTime() / 1000,
            when: "2026-11-20T09:30:00+00:00",
            value: 142,
            value2: 88,
            display: "142/88 mmHg",
            originLabel: "at the GP",
            sourceName: "Demo Practice",
            entryId: "e1" as never,
          },
        ],
      }),
    );
    setup();
    expect(await screen.findByTestId("legend-gp")).toHaveTextContent("At the GP");
    const gpRow = await screen.findByTestId("chart-gp-row");
    expect(gpRow).toHaveTextContent("At the GP (Demo Practice)");
    expect(gpRow).toHaveTextContent("142");
    expect(gpRow).toHaveTextContent("88");
    // Home rows say where they were taken too, in the backend's words.
    expect(screen.getAllByTestId("chart-row")[0]).toHaveTextContent("At home");
    expect(screen.getByTestId("reading-chart").getAttribute("aria-label")).toContain("1 reading at the GP");
  });

  it("names guideline lines in words, with the guideline behind a details link", async () => {
    setup();
    const details = await screen.findByTestId("threshold-details");
    const link = within(details).getByRole("link", { name: "NICE guideline NG136" });
    expect(link).toHaveAttribute("href", "https://www.nice.org.uk/guidance/ng136");
    expect(screen.getByRole("list", { name: "Key to the chart" })).toHaveTextContent("Home threshold 135/85 mmHg");
  });

  it("opens on the period that holds the newest readings, and offers 'Earliest' and 'Latest'", async () => {
    vi.mocked(commands.chartSeries).mockImplementation(async (_id, _kind, from: string) =>
      from.startsWith("2026-")
        ? series({ times: [], values: [], values2: [], outside: [], outside2: [], urgency: [], rawCount: 0, earliest: "2025-01-02", latest: "2025-03-14" })
        : series({ earliest: "2025-01-02", latest: "2025-03-14" }),
    );
    const { user } = setup();
    await waitFor(() => expect(screen.getAllByTestId("chart-row").length).toBeGreaterThan(0));
    const calls = vi.mocked(commands.chartSeries).mock.calls;
    // Asked first for the month to today, then for the month ending on the latest reading's day.
    expect(calls.at(-1)?.[3]).toMatch(/^2025-03-14T23:59:59/);
    await user.click(screen.getByTestId("jump-earliest"));
    await waitFor(() => expect(vi.mocked(commands.chartSeries).mock.calls.at(-1)?.[2]).toMatch(/^2025-01-02T00:00:00/));
    await user.click(screen.getByTestId("jump-latest"));
    await waitFor(() => expect(vi.mocked(commands.chartSeries).mock.calls.at(-1)?.[3]).toMatch(/^2025-03-14T23:59:59/));
  });
});
