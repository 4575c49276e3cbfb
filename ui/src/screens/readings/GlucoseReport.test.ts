import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import type { GlucoseReport as Report } from "../../bindings/GlucoseReport";
import { person } from "../../test/ipc-mock";
import GlucoseReport from "./GlucoseReport.svelte";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

const band = (key: string, label: string, levels: string, percent: number, meets: boolean) => ({
  key,
  label,
  levels,
  meaning: `${label} meaning`,
  percent,
  percentText: `${percent}%`,
  count: percent * 10,
  target: `${label} target`,
  meetsTarget: meets,
  statusText: meets ? "Meets the target" : "Does not meet the target",
});

/** A report shaped as the backend sends it (words are test data here). */
function report(over: Partial<Report> = {}): Report {
  return {
    title: "Glucose report",
    intro: "This report shows how your glucose levels have been.",
    from: "2026-11-10",
    to: "2026-11-23",
    periodText: "10 Nov 2026 to 23 Nov 2026 (14 days)",
    days: 14,
    count: 1000,
    reliable: true,
    bandsHeading: "Time in each range",
    bandsMeaning: "How much of the time your glucose was low, in range or high.",
    bands: [
      band("very_low", "Very low", "below 3.0 mmol/L", 1, false),
      band("low", "Low", "3.0 to 3.8 mmol/L", 3, true),
      band("in_range", "In range", "3.9 to 10.0 mmol/L", 72, true),
      band("high", "High", "10.1 to 13.9 mmol/L", 20, true),
      band("very_high", "Very high", "above 13.9 mmol/L", 4, true),
    ],
    figures: [
      { key: "average", label: "Average glucose", valueText: "7.9 mmol/L", meaning: "All your readings added up." },
      {
        key: "cv",
        label: "Glucose variability (CV)",
        valueText: "31.0%",
        meaning: "How much your glucose goes up and down.",
        target: "36% or less",
        meetsTarget: true,
        statusText: "Meets the target",
      },
    ],
    profileHeading: "Your glucose through the day",
    profileMeaning: "For each hour of the day, the line shows the middle reading.",
    profile: Array.from({ length: 24 }, (_, hour) => ({
      hour,
      label: hour === 0 ? "midnight" : hour === 12 ? "midday" : hour < 12 ? `${hour}am` : `${hour - 12}pm`,
      count: 40,
      p5: 4.1,
      p25: 5.6,
      median: 7.2 + (hour % 6) / 2,
      p75: 9.4,
      p95: 13.1,
    })),
    rangeLow: 3.9,
    rangeHigh: 10,
    detailsSummary: "Where these figures and targets come from",
    consensus: ["These figures follow the International Consensus on Time in Range."],
    sourceUrl: "https://diabetesjournals.org/care/article/42/8/1593/36184",
    ...over,
  };
}

function setup() {
  const props = { person: person(), onback: vi.fn() };
  render(GlucoseReport, props);
  return { props, user: userEvent.setup() };
}

describe("GlucoseReport", () => {
  beforeEach(() => vi.clearAllMocks());

  it("shows each range with its share and target, the figures and the profile, and keeps the consensus folded", async () => {
    vi.mocked(commands.glucoseReport).mockResolvedValue(report());
    setup();
    expect(await screen.findByTestId("glucose-period-text")).toHaveTextContent("10 Nov 2026 to 23 Nov 2026 (14 days)");
    expect(commands.glucoseReport).toHaveBeenCalledWith("p1", null, null);
    expect(screen.queryByTestId("glucose-warning")).toBeNull();
    const rows = within(screen.getByTestId("glucose-bands")).getAllByRole("row");
    // Header, then highest first as on a consensus report.
    expect(rows[1]).toHaveTextContent("Very high");
    expect(rows[3]).toHaveTextContent("In range");
    expect(within(screen.getByTestId("glucose-band-in_range")).getByText("72%")).toBeInTheDocument();
    expect(screen.getByTestId("glucose-band-very_low")).toHaveTextContent("Does not meet the target");
    expect(screen.getByTestId("glucose-figure-cv")).toHaveTextContent("31.0%");
    expect(screen.getByTestId("glucose-figure-cv")).toHaveTextContent("Target: 36% or less");
    expect(screen.getByTestId("glucose-profile-chart")).toBeInTheDocument();
    const consensus = screen.getByTestId("glucose-consensus");
    expect(consensus).not.toHaveAttribute("open");
    expect(consensus).toHaveTextContent("International Consensus on Time in Range");
  });

  it("warns first when the report should not be relied on", async () => {
    const warning = "Do not rely on this report. It needs readings from at least 14 days.";
    vi.mocked(commands.glucoseReport).mockResolvedValue(report({ reliable: false, warning }));
    setup();
    expect(await screen.findByTestId("glucose-warning")).toHaveTextContent(warning);
  });

  it("says there are no readings without drawing a chart", async () => {
    const empty = report({
      count: 0,
      reliable: false,
      warning: "There are no glucose readings in this period.",
      profile: report().profile.map((h) => ({ hour: h.hour, label: h.label, count: 0 })),
      bands: report().bands.map((b) => ({ ...b, percent: 0, percentText: "0%", meetsTarget: undefined, statusText: undefined })),
    });
    vi.mocked(commands.glucoseReport).mockResolvedValue(empty);
    setup();
    expect(await screen.findByTestId("glucose-warning")).toHaveTextContent("There are no glucose readings");
    expect(screen.queryByTestId("glucose-profile-chart")).toBeNull();
    expect(screen.queryByTestId("glucose-band-bar")).toBeNull();
  });

  it("asks for a longer period from the same last day", async () => {
    vi.mocked(commands.glucoseReport).mockResolvedValue(report());
    const { user } = setup();
    await screen.findByTestId("glucose-period-text");
    await user.selectOptions(screen.getByTestId("glucose-period"), "90");
    await user.click(screen.getByTestId("show-glucose-report"));
    await waitFor(() => expect(commands.glucoseReport).toHaveBeenLastCalledWith("p1", "2026-08-26", "2026-11-23"));
    await waitFor(() => expect(screen.getByTestId("glucose-period-text")).toHaveFocus());
  });

  it("shows the backend's message when the report cannot be made", async () => {
    vi.mocked(commands.glucoseReport).mockRejectedValue({ code: "VAULT_LOCKED", message: "Your record is locked.", field: null });
    setup();
    expect(await screen.findByTestId("glucose-report-problem")).toBeInTheDocument();
  });

  it("goes back to readings and saves the report shown as a PDF to print", async () => {
    const shown = report();
    vi.mocked(commands.glucoseReport).mockResolvedValue(shown);
    vi.mocked(commands.saveGlucoseReportPdf).mockResolvedValue({ handle: "h1", displayName: "glucose-report.pdf", count: 1 });
    const print = vi.spyOn(window, "print").mockImplementation(() => {});
    const { props, user } = setup();
    await screen.findByTestId("glucose-period-text");
    await user.click(screen.getByTestId("glucose-report-pdf-button"));
    expect(commands.saveGlucoseReportPdf).toHaveBeenCalledWith("p1", shown.from, shown.to);
    expect(await screen.findByTestId("glucose-report-pdf-saved")).toHaveTextContent("Saved as glucose-report.pdf");
    await user.click(screen.getByTestId("glucose-report-pdf-open"));
    expect(commands.openSavedPdf).toHaveBeenCalledWith("h1");
    expect(print).not.toHaveBeenCalled();
    await user.click(screen.getByTestId("readings-back"));
    expect(props.onback).toHaveBeenCalled();
  });
});
