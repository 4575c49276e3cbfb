import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as ipc from "../../ipc";
import * as commands from "../../commands";
import { appError, fileChoice, person } from "../../test/ipc-mock";
import { KINDS, reading } from "./fixtures";
import DeviceImport from "./DeviceImport.svelte";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

const CHOICE = fileChoice("clarity.csv");
const HANDLE = CHOICE.handle;
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
  otherPerson: null,
};

// As the backend words it: only this person's details, never the other person's.
const QUESTION =
  "This file seems to belong to someone else: the name and date of birth in it do not match Margaret's. Import it anyway?";

function setup() {
  const props = { person: person(), kinds: KINDS, onback: vi.fn(), ondone: vi.fn() };
  render(DeviceImport, props);
  return { props, user: userEvent.setup() };
}

describe("DeviceImport", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(commands.chooseDeviceFile).mockResolvedValue(CHOICE);
    vi.mocked(commands.previewDeviceFile).mockResolvedValue(PREVIEW);
  });

  it("previews a file before storing anything: format, counts, problem lines, a sample", async () => {
    const { user } = setup();
    await user.click(screen.getByTestId("choose-device-file"));
    expect(await screen.findByTestId("device-file-path")).toHaveTextContent("clarity.csv");
    await user.click(screen.getByTestId("preview-device-file"));

    expect(commands.previewDeviceFile).toHaveBeenCalledWith("p1", HANDLE, null, null);
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
    vi.mocked(commands.importDeviceFile).mockResolvedValue({ added: 2, duplicates: 1, problems: PREVIEW.problems, importId: "7" });
    const { user, props } = setup();
    await user.click(screen.getByTestId("choose-device-file"));
    await user.selectOptions(await screen.findByTestId("device-format"), "dexcomClarity");
    await user.click(screen.getByTestId("preview-device-file"));
    expect(commands.previewDeviceFile).toHaveBeenCalledWith("p1", HANDLE, "dexcomClarity", null);
    await user.click(await screen.findByTestId("import-device-file"));
    expect(commands.importDeviceFile).toHaveBeenCalledWith("p1", HANDLE, "dexcomClarity", null, false);
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
      HANDLE,
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

  it("asks before importing a file that names someone else, with No, cancel focused", async () => {
    vi.mocked(commands.previewDeviceFile).mockResolvedValue({ ...PREVIEW, otherPerson: QUESTION });
    vi.mocked(commands.importDeviceFile).mockRejectedValueOnce(await appError("DEVICE_FILE_OTHER_PERSON", null, QUESTION));
    const { user } = setup();
    await user.click(screen.getByTestId("choose-device-file"));
    await user.click(await screen.findByTestId("preview-device-file"));
    expect(await screen.findByTestId("preview-other-person")).toHaveTextContent(QUESTION);

    await user.click(screen.getByTestId("import-device-file"));
    const dialog = await screen.findByTestId("owner-dialog");
    expect(within(dialog).getByTestId("owner-question")).toHaveTextContent(QUESTION);
    expect(within(dialog).getByTestId("owner-cancel")).toHaveFocus();
    expect(within(dialog).getByTestId("owner-cancel")).toHaveTextContent("No, cancel");
    expect(within(dialog).getByTestId("owner-confirm")).toHaveTextContent("Yes, import it anyway");
    expect(commands.importDeviceFile).toHaveBeenCalledTimes(1);
    expect(commands.importDeviceFile).toHaveBeenLastCalledWith("p1", HANDLE, null, null, false);

    // No: nothing imported, and said so.
    await user.click(within(dialog).getByTestId("owner-cancel"));
    expect(await screen.findByTestId("device-notice")).toHaveTextContent("Nothing was imported.");
    expect(commands.importDeviceFile).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId("device-result")).not.toBeInTheDocument();

    // Asked again, Yes: imported with the confirmation.
    vi.mocked(commands.importDeviceFile).mockRejectedValueOnce(await appError("DEVICE_FILE_OTHER_PERSON", null, QUESTION));
    vi.mocked(commands.importDeviceFile).mockResolvedValueOnce({ added: 2, duplicates: 1, problems: [], importId: "8" });
    await user.click(screen.getByTestId("import-device-file"));
    await user.click(await screen.findByTestId("owner-confirm"));
    expect(commands.importDeviceFile).toHaveBeenLastCalledWith("p1", HANDLE, null, null, true);
    expect(await screen.findByTestId("device-result")).toHaveTextContent("2 readings added");
    expect(screen.getByTestId("device-result")).toHaveTextContent("Undo this import");
  });

  it("Escape on the question cancels too", async () => {
    vi.mocked(commands.importDeviceFile).mockRejectedValueOnce(await appError("DEVICE_FILE_OTHER_PERSON", null, QUESTION));
    const { user } = setup();
    await user.click(screen.getByTestId("choose-device-file"));
    await user.click(await screen.findByTestId("preview-device-file"));
    await user.click(await screen.findByTestId("import-device-file"));
    await screen.findByTestId("owner-question");
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("owner-question")).not.toBeInTheDocument());
    expect(commands.importDeviceFile).toHaveBeenCalledTimes(1);
  });

  it("does nothing when the dialog is cancelled", async () => {
    vi.mocked(commands.chooseDeviceFile).mockResolvedValue(null);
    const { user } = setup();
    await user.click(screen.getByTestId("choose-device-file"));
    await waitFor(() => expect(commands.chooseDeviceFile).toHaveBeenCalled());
    expect(screen.queryByTestId("preview-device-file")).not.toBeInTheDocument();
  });
});
