import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as ipc from "../../ipc";
import * as commands from "../../commands";
import { appError, person } from "../../test/ipc-mock";
import { KINDS, reading } from "./fixtures";
import DeviceImport from "./DeviceImport.svelte";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

const PATH = "/home/sam/Downloads/clarity.csv";
const PREVIEW: ipc.DeviceImportPreview = {
  format: "dexcomClarity",
  formatLabel: "Dexcom CLARITY export",
  columns: ["Index", "Timestamp", "Glucose Value (mmol/L)"],
  needsMapping: false,
  rowsReadable: 3,
  duplicates: 1,
  problems: [{ line: 14, reason: "Line 14: the glucose value \"High\" is not a number" }],
  sample: [reading({ kind: "bloodGlucose", at: "2026-11-22T07:00:00+00:00", display: "5.4 mmol/L" })],
  kinds: [{ kind: "bloodGlucose", count: 3 }],
};

function setup() {
  const props = { person: person(), kinds: KINDS, onback: vi.fn(), ondone: vi.fn() };
  render(DeviceImport, props);
  return { props, user: userEvent.setup() };
}

describe("DeviceImport", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(commands.chooseDeviceFile).mockResolvedValue(PATH);
    vi.mocked(commands.previewDeviceFile).mockResolvedValue(PREVIEW);
  });

  it("previews a file before storing anything: format, counts, problem lines, a sample", async () => {
    const { user } = setup();
    await user.click(screen.getByTestId("choose-device-file"));
    expect(await screen.findByTestId("device-file-path")).toHaveTextContent(PATH);
    await user.click(screen.getByTestId("preview-device-file"));

    expect(commands.previewDeviceFile).toHaveBeenCalledWith("p1", PATH, null, null);
    const preview = await screen.findByTestId("device-preview");
    expect(within(preview).getByTestId("preview-format")).toHaveTextContent("Dexcom CLARITY export");
    expect(within(preview).getByTestId("preview-readable")).toHaveTextContent("3 readings (Blood glucose: 3)");
    expect(within(preview).getByTestId("preview-duplicates")).toHaveTextContent("1 reading");
    const problem = within(screen.getByTestId("preview-problems")).getByTestId("problem-row");
    expect(problem).toHaveTextContent("14");
    expect(problem).toHaveTextContent("\"High\" is not a number");
    const sample = within(screen.getByTestId("preview-sample")).getByTestId("sample-row");
    expect(sample).toHaveTextContent("22 Nov 2026, 07:00");
    expect(sample).toHaveTextContent("5.4 mmol/L");
    expect(commands.importDeviceFile).not.toHaveBeenCalled();
    expect(screen.getByRole("heading", { name: /Check what will be imported/ })).toHaveFocus();
  });

  it("imports and reports what was added, what was there already and what could not be read", async () => {
    vi.mocked(commands.importDeviceFile).mockResolvedValue({ added: 2, duplicates: 1, problems: PREVIEW.problems });
    const { user, props } = setup();
    await user.click(screen.getByTestId("choose-device-file"));
    await user.selectOptions(await screen.findByTestId("device-format"), "dexcomClarity");
    await user.click(screen.getByTestId("preview-device-file"));
    expect(commands.previewDeviceFile).toHaveBeenCalledWith("p1", PATH, "dexcomClarity", null);
    await user.click(await screen.findByTestId("import-device-file"));
    expect(commands.importDeviceFile).toHaveBeenCalledWith("p1", PATH, "dexcomClarity", null);
    const result = await screen.findByTestId("device-result");
    expect(result).toHaveTextContent("2 readings added");
    expect(result).toHaveTextContent("1 reading was already in your record");
    expect(result).toHaveTextContent("1 line could not be read");
    await user.click(screen.getByTestId("device-import-done"));
    expect(props.ondone).toHaveBeenCalledWith("Imported 2 readings from clarity.csv.");
  });

  it("asks which columns hold what for a generic CSV, then previews again", async () => {
    vi.mocked(commands.previewDeviceFile).mockResolvedValueOnce({
      ...PREVIEW,
      format: "genericCsv",
      formatLabel: "A spreadsheet (CSV)",
      columns: ["When", "Reading", "Comment"],
      needsMapping: true,
      rowsReadable: 0,
      duplicates: 0,
      problems: [],
      sample: [],
      kinds: [],
    });
    const { user } = setup();
    await user.click(screen.getByTestId("choose-device-file"));
    await user.click(await screen.findByTestId("preview-device-file"));
    const form = await screen.findByTestId("mapping-form");
    expect(screen.queryByTestId("import-device-file")).not.toBeInTheDocument();
    // Guessed from the headers.
    expect(screen.getByTestId("map-time")).toHaveValue("When");
    expect(screen.getByTestId("map-value")).toHaveValue("Reading");
    await user.selectOptions(within(form).getByTestId("map-kind"), "weight");
    await user.selectOptions(within(form).getByTestId("map-time-format"), "%d/%m/%Y %H:%M");
    await user.click(screen.getByTestId("apply-mapping"));
    await waitFor(() => expect(commands.previewDeviceFile).toHaveBeenCalledTimes(2));
    expect(vi.mocked(commands.previewDeviceFile).mock.calls[1]).toEqual([
      "p1",
      PATH,
      "genericCsv",
      { timeColumn: "When", valueColumn: "Reading", value2Column: undefined, kind: "weight", unit: "kg", timeFormat: "%d/%m/%Y %H:%M" },
    ]);
    expect(await screen.findByTestId("import-device-file")).toBeInTheDocument();
  });

  it("shows the backend's reason when the file cannot be read at all", async () => {
    vi.mocked(commands.previewDeviceFile).mockRejectedValue(
      await appError("MALFORMED_FILE", null, "clarity.csv, line 1: this is not a CSV header we know."),
    );
    const { user } = setup();
    await user.click(screen.getByTestId("choose-device-file"));
    await user.click(await screen.findByTestId("preview-device-file"));
    expect(await screen.findByTestId("device-problem")).toHaveTextContent("clarity.csv, line 1: this is not a CSV header we know.");
  });

  it("does nothing when the dialog is cancelled", async () => {
    vi.mocked(commands.chooseDeviceFile).mockResolvedValue(null);
    const { user } = setup();
    await user.click(screen.getByTestId("choose-device-file"));
    await waitFor(() => expect(commands.chooseDeviceFile).toHaveBeenCalled());
    expect(screen.queryByTestId("preview-device-file")).not.toBeInTheDocument();
  });
});
