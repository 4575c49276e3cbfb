import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import { fileChoice, person } from "../../test/ipc-mock";
import { KINDS, reading, urgentBpAdvice, usualRangeAdvice } from "./fixtures";
import ReadingsHome from "./ReadingsHome.svelte";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

function setup() {
  const props = {
    person: person(),
    kinds: KINDS,
    onback: vi.fn(),
    onadd: vi.fn(),
    onchart: vi.fn(),
    onlist: vi.fn(),
    onimport: vi.fn(),
    onbpweek: vi.fn(),
    onglucosereport: vi.fn(),
  };
  render(ReadingsHome, props);
  return { props, user: userEvent.setup() };
}

describe("ReadingsHome", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(commands.readingOverview).mockResolvedValue(
      KINDS.map((k) =>
        k.kind === "bloodPressure"
          ? { kind: k.kind, count: 4, latest: reading({ display: "128/82 mmHg, pulse 70", outOfTarget: true }) }
          : { kind: k.kind, count: 0, latest: null },
      ),
    );
  });

  it("shows the latest reading of each kind that has one", async () => {
    setup();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Readings for Margaret Evans");
    const row = await screen.findByTestId("latest-bloodPressure");
    expect(row).toHaveTextContent("Blood pressure");
    expect(row).toHaveTextContent("128/82 mmHg, pulse 70");
    expect(row).toHaveTextContent("Outside target");
    expect(row).toHaveTextContent("23 Nov 2026, 08:05");
    expect(screen.queryByTestId("latest-weight")).not.toBeInTheDocument();
    // One call for every kind, not one per kind.
    expect(commands.readingOverview).toHaveBeenCalledTimes(1);
    expect(commands.readingOverview).toHaveBeenCalledWith("p1");
    expect(commands.listReadings).not.toHaveBeenCalled();
  });

  it("the kind picker leads to quick add and the chart; links to the rest", async () => {
    const { user, props } = setup();
    await user.selectOptions(screen.getByTestId("reading-kind"), "bloodGlucose");
    await user.click(screen.getByTestId("add-reading"));
    expect(props.onadd).toHaveBeenCalledWith("bloodGlucose");
    await user.click(screen.getByTestId("open-chart"));
    expect(props.onchart).toHaveBeenCalledWith("bloodGlucose");
    const row = await screen.findByTestId("latest-bloodPressure");
    await user.click(within(row).getByRole("button", { name: "Chart of blood pressure" }));
    expect(props.onchart).toHaveBeenLastCalledWith("bloodPressure");
    await user.click(screen.getByTestId("readings-list-link"));
    await user.click(screen.getByTestId("device-import-link"));
    await user.click(screen.getByTestId("bp-week-link"));
    expect(props.onlist).toHaveBeenCalled();
    expect(props.onimport).toHaveBeenCalled();
    expect(props.onbpweek).toHaveBeenCalled();
  });

  it("exports all readings to the path chosen", async () => {
    vi.mocked(commands.chooseReadingsExportPath).mockResolvedValue(fileChoice("readings.json"));
    vi.mocked(commands.exportReadings).mockResolvedValue({ path: "/home/sam/readings.json", resources: 4, bytes: 3072 });
    const { user } = setup();
    await user.click(screen.getByTestId("export-readings"));
    await waitFor(() => expect(commands.exportReadings).toHaveBeenCalledWith("p1", "handle-readings.json"));
    expect(await screen.findByText("Saved 4 readings (3 KB) to /home/sam/readings.json")).toBeInTheDocument();
  });

  it("a newest reading that is a red flag: its advice first as a care card, and its urgency in words in the table", async () => {
    vi.mocked(commands.readingOverview).mockResolvedValue(
      KINDS.map((k) =>
        k.kind === "bloodPressure"
          ? { kind: k.kind, count: 4, latest: reading({ value: 185, value2: 122, display: "185/122 mmHg", advice: urgentBpAdvice() }) }
          : k.kind === "bloodGlucose"
            ? { kind: k.kind, count: 1, latest: reading({ kind: "bloodGlucose", value: 6.1, value2: undefined, display: "6.1 mmol/L" }) }
            : { kind: k.kind, count: 0, latest: null },
      ),
    );
    setup();
    const section = await screen.findByTestId("latest-flagged");
    expect(within(section).getByRole("heading", { level: 2 })).toHaveTextContent("A reading that needs action");
    const card = screen.getByTestId("latest-advice-bloodPressure");
    expect(card).toHaveClass("nhsuk-card--care--urgent");
    expect(card).toHaveTextContent("Urgent: Very high blood pressure");
    expect(screen.getByTestId("latest-advice-bloodPressure-about")).toHaveTextContent("Blood pressure: 185/122 mmHg, taken 23 Nov 2026, 08:05");
    // The advice comes before the picker and the table.
    expect(section.compareDocumentPosition(screen.getByTestId("latest-readings")) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // In the table, the tag says the urgency in words; its headline is there for a screen reader.
    const tag = screen.getByTestId("latest-flag-bloodPressure");
    expect(tag).toHaveTextContent("Urgent: Very high blood pressure");
    expect(tag.firstChild?.textContent).toBe("Urgent");
    expect(within(screen.getByTestId("latest-bloodGlucose")).queryByText("Urgent")).not.toBeInTheDocument();
  });

  it("advice that asks for nothing (outside the usual range only) is no red flag on the home screen", async () => {
    vi.mocked(commands.readingOverview).mockResolvedValue(
      KINDS.map((k) =>
        k.kind === "bloodPressure"
          ? { kind: k.kind, count: 1, latest: reading({ value: 141, value2: 88, display: "141/88 mmHg", advice: usualRangeAdvice() }) }
          : { kind: k.kind, count: 0, latest: null },
      ),
    );
    setup();
    await screen.findByTestId("latest-bloodPressure");
    expect(screen.queryByTestId("latest-flagged")).not.toBeInTheDocument();
    expect(screen.queryByTestId("latest-flag-bloodPressure")).not.toBeInTheDocument();
  });
});
