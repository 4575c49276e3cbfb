import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import { person } from "../../test/ipc-mock";
import { KINDS, reading } from "./fixtures";
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
    vi.mocked(commands.chooseReadingsExportPath).mockResolvedValue("/home/sam/readings.json");
    vi.mocked(commands.exportReadings).mockResolvedValue({ path: "/home/sam/readings.json", resources: 4, bytes: 3072 });
    const { user } = setup();
    await user.click(screen.getByTestId("export-readings"));
    await waitFor(() => expect(commands.exportReadings).toHaveBeenCalledWith("p1", "/home/sam/readings.json"));
    expect(await screen.findByText("Saved 4 readings (3 KB) to /home/sam/readings.json")).toBeInTheDocument();
  });
});
