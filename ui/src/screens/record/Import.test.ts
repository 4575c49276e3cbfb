import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as ipc from "../../ipc";
import * as commands from "../../commands";
import { appError, fileChoice } from "../../test/ipc-mock";
import Import from "./Import.svelte";
import { DEVICE_IMPORT, LAST_IMPORT, report } from "./test-data";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));
vi.mock("../../ipc", async (io) => (await import("../../test/ipc-mock")).mockIpc(io));

let progressHandler: ((p: ipc.ImportProgress) => void) | null = null;
let dragHandler: ((d: ipc.FileDrag) => void) | null = null;
let dropHandler: ((c: ipc.FileChoice) => void) | null = null;

const SANDBOX: ipc.GpPractice = {
  name: "Demo Practice (sandbox)",
  url: "http://127.0.0.1:8765/fhir",
  sandbox: true,
  note: "Synthetic patients, on this computer.",
};

function setup() {
  const props = { personId: "p1", personName: "Margaret Evans", onimported: vi.fn(), onundone: vi.fn() };
  render(Import, props);
  return { props, user: userEvent.setup() };
}

describe("Import", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    progressHandler = null;
    dragHandler = null;
    dropHandler = null;
    vi.mocked(commands.onFilesDropped).mockImplementation(async (fn) => {
      dropHandler = fn;
      return () => {};
    });
    vi.mocked(commands.onImportProgress).mockImplementation(async (fn) => {
      progressHandler = fn;
      return () => {};
    });
    vi.mocked(ipc.onFileDrag).mockImplementation(async (fn) => {
      dragHandler = fn;
      return () => {};
    });
    vi.mocked(commands.gpPractices).mockResolvedValue([SANDBOX]);
    vi.mocked(commands.importHistory).mockResolvedValue([LAST_IMPORT]);
  });

  it("imports files from the picker and shows the outcome first, the report grouped by reason behind details", async () => {
    vi.mocked(commands.chooseFhirFiles).mockResolvedValue(fileChoice("margaret.json"));
    vi.mocked(commands.importFiles).mockResolvedValue(report());
    const { props, user } = setup();
    await user.click(screen.getByTestId("choose-fhir-files"));
    const shown = await screen.findByTestId("import-report");
    expect(vi.mocked(commands.importFiles)).toHaveBeenCalledWith("p1", "handle-margaret.json");
    expect(props.onimported).toHaveBeenCalledWith(report());
    expect(screen.getByTestId("import-report-heading")).toHaveTextContent("Your record from the files you chose is ready");
    await waitFor(() => expect(screen.getByTestId("import-report-heading")).toHaveFocus());
    expect(screen.getByTestId("import-outcome-summary")).toHaveTextContent(
      "42 entries, including 4 conditions, 12 medicines and 3 allergies.",
    );
    expect(screen.getByTestId("import-kept-apart")).toHaveTextContent("70 entries of administrative information");
    expect(screen.getByTestId("import-next-step")).toHaveTextContent("Try the import again.");
    // The technical report is folded away under "Details for a professional".
    const details = screen.getByTestId("import-details");
    expect(details).not.toHaveAttribute("open");
    expect(within(details).getByText("Details for a professional")).toBeInTheDocument();
    expect(screen.getByTestId("report-added")).toHaveTextContent("40");
    expect(screen.getByTestId("report-updated")).toHaveTextContent("2");
    expect(screen.getByTestId("report-unchanged")).toHaveTextContent("5");
    expect(screen.getByTestId("report-rejected")).toHaveTextContent("1");
    const groups = within(shown).getAllByTestId("report-group");
    expect(groups).toHaveLength(2);
    expect(groups[0]).toHaveTextContent("Not imported");
    expect(groups[0]).toHaveTextContent("It has no status, which FHIR requires.");
    expect(groups[0]).toHaveTextContent("margaret.json, entry[31]");
    expect(groups[1]).toHaveTextContent("Kept as it arrived");
    expect(groups[1]).toHaveTextContent("Basic (1)");
  });

  it("offers the summary as the primary action after an import", async () => {
    vi.mocked(commands.chooseFhirFiles).mockResolvedValue(fileChoice("margaret.json"));
    vi.mocked(commands.importFiles).mockResolvedValue(report());
    const onsummary = vi.fn();
    render(Import, { personId: "p1", personName: "Margaret Evans", onimported: vi.fn(), onsummary });
    const user = userEvent.setup();
    await user.click(screen.getByTestId("choose-fhir-files"));
    const button = await screen.findByTestId("view-summary");
    expect(button).toHaveTextContent("View your summary");
    expect(button).toHaveClass("nhsuk-button");
    expect(button).not.toHaveClass("nhsuk-button--secondary");
    await user.click(button);
    expect(onsummary).toHaveBeenCalled();
  });

  it("does nothing when the picker is cancelled", async () => {
    vi.mocked(commands.chooseFhirFiles).mockResolvedValue(null);
    const { user } = setup();
    await user.click(screen.getByTestId("choose-fhir-files"));
    expect(vi.mocked(commands.importFiles)).not.toHaveBeenCalled();
  });

  it("imports files dropped onto the window by the handle the backend sends, never a path", async () => {
    vi.mocked(commands.importFiles).mockResolvedValue(report());
    setup();
    await waitFor(() => expect(dragHandler).not.toBeNull());
    await waitFor(() => expect(dropHandler).not.toBeNull());
    dragHandler?.({ type: "over" });
    await waitFor(() => expect(screen.getByTestId("drop-zone")).toHaveTextContent("Drop the files to import them"));
    dragHandler?.({ type: "drop" });
    expect(vi.mocked(commands.importFiles)).not.toHaveBeenCalled();
    dropHandler?.(fileChoice("2 files", 2, "dropped"));
    await screen.findByTestId("import-report");
    expect(vi.mocked(commands.importFiles)).toHaveBeenCalledWith("p1", "dropped");
  });

  it("shows a malformed file's position in an error summary", async () => {
    vi.mocked(commands.chooseFhirFiles).mockResolvedValue(fileChoice("broken.json"));
    vi.mocked(commands.importFiles).mockRejectedValue(
      await appError("MALFORMED_FILE", null, "broken.json is not valid JSON: line 3, column 14: expected a comma."),
    );
    const { props, user } = setup();
    await user.click(screen.getByTestId("choose-fhir-files"));
    const summary = await screen.findByTestId("error-summary");
    expect(summary).toHaveTextContent("broken.json is not valid JSON: line 3, column 14");
    // A failed import says what to do next.
    expect(screen.getByTestId("import-failed-next")).toHaveTextContent("Nothing was changed in the record.");
    expect(screen.getByTestId("import-failed-next")).toHaveTextContent("try again");
    expect(props.onimported).not.toHaveBeenCalled();
  });

  it("shows a patient mismatch in an error summary", async () => {
    vi.mocked(commands.chooseFhirFiles).mockResolvedValue(fileChoice("other.json"));
    vi.mocked(commands.importFiles).mockRejectedValue(
      await appError(
        "PATIENT_MISMATCH",
        null,
        "other.json: This file is not Margaret Evans's record: the NHS number in it is not the one in Margaret Evans's details. Check the NHS number in Margaret Evans's details, and that you chose the right file. Nothing was imported.",
      ),
    );
    const { user } = setup();
    await user.click(screen.getByTestId("choose-fhir-files"));
    // The backend's words are shown as they are: which of this person's details did not match.
    const summary = await screen.findByTestId("error-summary");
    expect(summary).toHaveTextContent("the NHS number in it is not the one in Margaret Evans's details");
    expect(summary).toHaveTextContent("Nothing was imported.");
  });

  it("connects to the GP practice with progress, then shows the report", async () => {
    let finish: (r: ipc.ImportReport) => void = () => {};
    vi.mocked(commands.importFromGp).mockImplementation(() => new Promise((ok) => (finish = ok)));
    const { user } = setup();
    const practice = await screen.findByRole("radio", { name: "Demo Practice (sandbox)" });
    expect(practice).toBeChecked();
    expect(screen.getByText(/Your web browser opens so you can sign in/)).toBeInTheDocument();
    await user.click(screen.getByTestId("connect-gp"));
    expect(vi.mocked(commands.importFromGp)).toHaveBeenCalledWith("p1", SANDBOX.url, false);
    expect(screen.getByTestId("connect-gp")).toBeDisabled();

    progressHandler?.({ stage: "fetching", done: 2, total: 4, message: "Downloading page 2 of 4" });
    await waitFor(() => expect(screen.getByTestId("import-progress")).toHaveTextContent("Downloading your record"));
    const bar = within(screen.getByTestId("import-progress")).getByRole("progressbar");
    expect(bar).toHaveAttribute("value", "50");
    expect(screen.getByTestId("import-progress-text")).toHaveTextContent("Downloading page 2 of 4 (2 of 4)");

    finish(report({ source: { kind: "gp", name: "Demo Practice", odsCode: "A99999", url: SANDBOX.url } }));
    await screen.findByTestId("import-report");
    expect(screen.queryByTestId("import-progress")).toBeNull();
    expect(screen.getByTestId("report-source")).toHaveTextContent("Demo Practice (GP practice, organisation code A99999)");
  });

  it("stays connected when the person ticks it, then checks for updates and disconnects after asking", async () => {
    const connected: ipc.GpConnectionStatus = {
      connected: true,
      practiceName: "Demo Practice",
      url: SANDBOX.url,
      words: "Connected to Demo Practice since 5 Dec 2026, 10:15. Not checked for updates yet.",
      mayUpdate: true,
    };
    const notConnected: ipc.GpConnectionStatus = {
      connected: false,
      practiceName: null,
      url: null,
      words: "Not connected.",
      mayUpdate: true,
    };
    vi.mocked(commands.gpConnectionStatus).mockResolvedValue(notConnected);
    const staying = report({ source: { kind: "gp", name: "Demo Practice", odsCode: "A99999", url: SANDBOX.url } });
    staying.outcome.connection = "The app stays connected to Demo Practice.";
    vi.mocked(commands.importFromGp).mockImplementation(async () => {
      vi.mocked(commands.gpConnectionStatus).mockResolvedValue(connected);
      return staying;
    });
    const { user } = setup();
    await screen.findByRole("radio", { name: "Demo Practice (sandbox)" });
    expect(screen.queryByTestId("gp-connection")).toBeNull();
    const tick = screen.getByRole("checkbox", { name: /Stay connected/ });
    expect(tick).not.toBeChecked();
    await user.click(tick);
    await user.click(screen.getByTestId("connect-gp"));
    expect(vi.mocked(commands.importFromGp)).toHaveBeenCalledWith("p1", SANDBOX.url, true);
    expect(await screen.findByTestId("import-connection")).toHaveTextContent("The app stays connected to Demo Practice.");
    expect(await screen.findByTestId("gp-connection-words")).toHaveTextContent("Connected to Demo Practice since 5 Dec 2026");

    const updated = report({ source: { kind: "gp", name: "Demo Practice", odsCode: "A99999", url: SANDBOX.url } });
    updated.outcome.connection = "Checked Demo Practice for what changed since you last checked.";
    vi.mocked(commands.updateFromGp).mockResolvedValue(updated);
    await user.click(screen.getByTestId("gp-update"));
    expect(vi.mocked(commands.updateFromGp)).toHaveBeenCalledWith("p1");
    expect(await screen.findByTestId("import-connection")).toHaveTextContent("what changed since you last checked");

    vi.mocked(commands.disconnectGp).mockImplementation(async () => {
      vi.mocked(commands.gpConnectionStatus).mockResolvedValue(notConnected);
      return { revoked: true, words: "You are disconnected from Demo Practice." };
    });
    await user.click(screen.getByTestId("gp-disconnect"));
    // Asked first; keeping it does nothing.
    await user.click(await screen.findByTestId("gp-disconnect-cancel"));
    expect(vi.mocked(commands.disconnectGp)).not.toHaveBeenCalled();
    await user.click(screen.getByTestId("gp-disconnect"));
    await user.click(await screen.findByTestId("gp-disconnect-confirm"));
    expect(await screen.findByTestId("gp-disconnected")).toHaveTextContent("You are disconnected from Demo Practice.");
    await waitFor(() => expect(screen.queryByTestId("gp-connection")).toBeNull());
  });

  it("offers no update or disconnect to a carer who may not import", async () => {
    vi.mocked(commands.gpConnectionStatus).mockResolvedValue({
      connected: true,
      practiceName: "Demo Practice",
      url: SANDBOX.url,
      words: "Connected to Demo Practice since 5 Dec 2026, 10:15.",
      mayUpdate: false,
    });
    setup();
    expect(await screen.findByTestId("gp-connection-words")).toHaveTextContent("Connected to Demo Practice");
    expect(screen.queryByTestId("gp-update")).toBeNull();
    expect(screen.queryByTestId("gp-disconnect")).toBeNull();
  });

  it("cancels a GP import", async () => {
    let fail: (e: unknown) => void = () => {};
    vi.mocked(commands.importFromGp).mockImplementation(() => new Promise((_ok, no) => (fail = no)));
    vi.mocked(commands.cancelGpImport).mockImplementation(async () => {
      fail(await appError("IMPORT_CANCELLED"));
      return null;
    });
    const { props, user } = setup();
    await screen.findByRole("radio", { name: "Demo Practice (sandbox)" });
    await user.click(screen.getByTestId("connect-gp"));
    await user.click(await screen.findByTestId("cancel-gp-import"));
    expect(await screen.findByTestId("import-notice")).toHaveTextContent(
      "The import was cancelled. Nothing was changed in the record.",
    );
    expect(vi.mocked(commands.cancelGpImport)).toHaveBeenCalled();
    expect(props.onimported).not.toHaveBeenCalled();
    expect(screen.queryByTestId("error-summary")).toBeNull();
  });

  it("lists the demo practice's patients, each marked as made-up, and adds one", async () => {
    const karena: ipc.DemoPatient = {
      name: "Karena Pfeffer",
      dateOfBirth: "1994-12-21",
      dateOfBirthText: "21 Dec 1994",
      nhsNumber: "900 000 0009",
      marker: "Made-up person for trying the app",
    };
    vi.mocked(commands.gpDemoPatients).mockResolvedValue([karena]);
    vi.mocked(commands.addPerson).mockResolvedValue({ id: "p2" } as ipc.Person);
    const { user } = setup();
    const card = await screen.findByTestId("demo-patient");
    expect(within(card).getByTestId("demo-patient-marker")).toHaveTextContent("Made-up person for trying the app");
    expect(card).toHaveTextContent("Karena Pfeffer");
    expect(card).toHaveTextContent("21 Dec 1994");
    expect(card).toHaveTextContent("900 000 0009");
    const add = within(card).getByRole("button", { name: "Add this person: Karena Pfeffer" });
    add.focus();
    await user.keyboard("{Enter}");
    expect(vi.mocked(commands.addPerson)).toHaveBeenCalledWith({
      name: "Karena Pfeffer",
      dateOfBirth: "1994-12-21",
      nhsNumber: "900 000 0009",
    });
    expect(await screen.findByTestId("demo-patient-added")).toHaveTextContent("Karena Pfeffer has been added");
  });

  it("takes a demo patient just added straight to their own Import page", async () => {
    const karena: ipc.DemoPatient = {
      name: "Karena Pfeffer",
      dateOfBirth: "1994-12-21",
      dateOfBirthText: "21 Dec 1994",
      nhsNumber: "900 000 0009",
      marker: "Made-up person for trying the app",
    };
    const added = { id: "p2", name: "Karena Pfeffer" } as ipc.Person;
    vi.mocked(commands.gpDemoPatients).mockResolvedValue([karena]);
    vi.mocked(commands.addPerson).mockResolvedValue(added);
    const onpersonadded = vi.fn();
    render(Import, { personId: "p1", personName: "Margaret Evans", onimported: vi.fn(), onpersonadded });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Add this person: Karena Pfeffer" }));
    await waitFor(() => expect(onpersonadded).toHaveBeenCalledWith(added));
    expect(screen.queryByTestId("demo-patient-added")).toBeNull();
  });

  it("for a demo patient's own record, says to connect instead of listing the demo patients", async () => {
    vi.mocked(commands.gpDemoPatients).mockResolvedValue([
      {
        name: "Karena Pfeffer",
        dateOfBirth: "1994-12-21",
        dateOfBirthText: "21 Dec 1994",
        nhsNumber: "900 000 0009",
        marker: "Made-up person for trying the app",
      },
    ]);
    render(Import, { personId: "p2", personName: "Karena Pfeffer", onimported: vi.fn() });
    expect(await screen.findByTestId("demo-patient-ready")).toHaveTextContent(
      'Karena Pfeffer is a made-up person at the demo practice. Choose "Connect and import" below',
    );
    expect(screen.queryByTestId("demo-patients")).toBeNull();
  });

  it("shows no demo patients when the demo practice is not running", async () => {
    vi.mocked(commands.gpDemoPatients).mockResolvedValue([]);
    setup();
    await screen.findByTestId("practice-search");
    expect(screen.queryByTestId("demo-patients")).toBeNull();
  });

  it("finds a practice by name or postcode, and says when none matches", async () => {
    vi.mocked(commands.gpPractices).mockResolvedValue([]);
    vi.mocked(commands.searchPractices).mockResolvedValueOnce({
      practices: [
        {
          odsCode: "Y90001",
          name: "Example Riverside Surgery (example)",
          postcode: "ZZ2 4AB",
          url: "https://gp.example.org/riverside/fhir",
          example: true,
        },
      ],
      message: null,
    });
    vi.mocked(commands.importFromGp).mockResolvedValue(report());
    const { user } = setup();
    await user.type(await screen.findByTestId("practice-search"), "zz2{Enter}");
    expect(vi.mocked(commands.searchPractices)).toHaveBeenCalledWith("zz2");
    const result = await screen.findByTestId("practice-result");
    expect(result).toHaveTextContent("Example Riverside Surgery (example)");
    expect(within(result).getByRole("radio")).toBeChecked();
    await user.click(screen.getByTestId("connect-gp"));
    expect(vi.mocked(commands.importFromGp)).toHaveBeenCalledWith("p1", "https://gp.example.org/riverside/fhir", false);

    vi.mocked(commands.searchPractices).mockResolvedValueOnce({ practices: [], message: "No practice found with that name or postcode." });
    await user.clear(screen.getByTestId("practice-search"));
    await user.type(screen.getByTestId("practice-search"), "Nowhere");
    await user.click(screen.getByTestId("practice-search-button"));
    expect(await screen.findByTestId("practice-search-message")).toHaveTextContent("No practice found");
  });

  it("keeps the typed address behind 'My practice is not listed'", async () => {
    const { user } = setup();
    await screen.findByTestId("practice-search");
    const details = screen.getByTestId("gp-not-listed") as HTMLDetailsElement;
    expect(details.open).toBe(false);
    expect(screen.getByTestId("gp-practice-other")).toHaveTextContent("My practice is not listed");
    expect(details).toContainElement(screen.getByTestId("gp-url"));
    await user.click(screen.getByTestId("gp-practice-other"));
    expect(details.open).toBe(true);
  });

  it("asks for a web address for another practice", async () => {
    vi.mocked(commands.importFromGp).mockResolvedValue(report());
    const { user } = setup();
    await user.click(await screen.findByTestId("gp-practice-other"));
    await user.click(screen.getByTestId("connect-gp"));
    expect(await screen.findByTestId("error-summary")).toHaveTextContent(
      "Enter the web address of your GP practice's online service",
    );
    expect(vi.mocked(commands.importFromGp)).not.toHaveBeenCalled();
    await user.type(screen.getByTestId("gp-url"), "https://gp.example.nhs.uk/fhir");
    await user.click(screen.getByTestId("connect-gp"));
    expect(vi.mocked(commands.importFromGp)).toHaveBeenCalledWith("p1", "https://gp.example.nhs.uk/fhir", false);
  });

  it("shows the backend's refusal of a typed address beside the address", async () => {
    const refusal = "http://gp.example.nhs.uk/fhir is not a secure address. A GP practice's address starts with https://";
    vi.mocked(commands.importFromGp).mockRejectedValue(await appError("INVALID_INPUT", "url", refusal));
    const { user } = setup();
    await user.click(await screen.findByTestId("gp-practice-other"));
    await user.type(screen.getByTestId("gp-url"), "http://gp.example.nhs.uk/fhir");
    await user.click(screen.getByTestId("connect-gp"));
    expect(vi.mocked(commands.importFromGp)).toHaveBeenCalledWith("p1", "http://gp.example.nhs.uk/fhir", false);
    expect(await screen.findByTestId("error-summary")).toHaveTextContent(refusal);
    expect(screen.getByTestId("gp-url")).toHaveAccessibleDescription(expect.stringContaining(refusal));
    expect(screen.getByTestId("gp-url")).toHaveValue("http://gp.example.nhs.uk/fhir");
  });

  it("shows a GP error in the error summary", async () => {
    vi.mocked(commands.importFromGp).mockRejectedValue(
      await appError("GP_UNREACHABLE", null, "We could not reach http://127.0.0.1:1/fhir."),
    );
    const { user } = setup();
    await screen.findByRole("radio", { name: "Demo Practice (sandbox)" });
    await user.click(screen.getByTestId("connect-gp"));
    expect(await screen.findByTestId("error-summary")).toHaveTextContent("We could not reach http://127.0.0.1:1/fhir.");
  });

  it("exports after the Save dialog, with a warning that the file is not encrypted", async () => {
    vi.mocked(commands.chooseExportPath).mockResolvedValue(fileChoice("record.json"));
    vi.mocked(commands.exportFhir).mockResolvedValue({ path: "/home/sam/record.json", resources: 1111, bytes: 4_089_446 });
    const { user } = setup();
    expect(screen.getByText("The file is not encrypted")).toBeInTheDocument();
    await user.click(screen.getByTestId("export-record"));
    await waitFor(() =>
      expect(screen.getByTestId("export-result")).toHaveTextContent(
        "Saved 1,111 resources (3.9 MB) to /home/sam/record.json.",
      ),
    );
    expect(vi.mocked(commands.exportFhir)).toHaveBeenCalledWith("p1", "handle-record.json");
  });

  it("does not export when the Save dialog is cancelled", async () => {
    vi.mocked(commands.chooseExportPath).mockResolvedValue(null);
    const { user } = setup();
    await user.click(screen.getByTestId("export-record"));
    await waitFor(() => expect(screen.getByTestId("export-record")).toBeEnabled());
    expect(vi.mocked(commands.exportFhir)).not.toHaveBeenCalled();
  });

  it("lists earlier imports", async () => {
    setup();
    const history = await screen.findByTestId("import-history");
    expect(history).toHaveTextContent("23 Nov 2026, 14:05");
    expect(history).toHaveTextContent("Beech House Surgery");
  });

  it("lists device files among earlier imports, each with Undo this import", async () => {
    vi.mocked(commands.importHistory).mockResolvedValue([DEVICE_IMPORT, LAST_IMPORT]);
    setup();
    const rows = await screen.findAllByTestId("import-history-row");
    expect(rows[0]).toHaveTextContent("Dexcom CLARITY export (clarity-export.csv)");
    expect(rows[0]).toHaveTextContent("2,148 readings added");
    expect(rows[0]).toHaveTextContent("1 line could not be read");
    expect(rows[0]).toHaveTextContent("This file named someone else. You said it is Margaret Evans's.");
    expect(rows[1]).toHaveTextContent("1,114 entries added");
    expect(rows[1]).toHaveTextContent("1 not imported");
    expect(within(rows[0]).getByRole("button", { name: /Undo this import: Dexcom CLARITY export/ })).toBeEnabled();
  });

  it("undoes an import after a warning that says how much goes, with No, keep it focused", async () => {
    vi.mocked(commands.importHistory).mockResolvedValue([DEVICE_IMPORT, LAST_IMPORT]);
    const plan: ipc.ImportUndo = { import: DEVICE_IMPORT, entriesRemoved: 0, entriesRestored: 0, readingsRemoved: 2148 };
    vi.mocked(commands.previewUndoImport).mockResolvedValue(plan);
    vi.mocked(commands.undoImport).mockResolvedValue({ ...plan, import: { ...DEVICE_IMPORT, undoneAt: "2026-11-25T10:00:00Z" } });
    const { props, user } = setup();
    const rows = await screen.findAllByTestId("import-history-row");
    await user.click(within(rows[0]).getByTestId("undo-import"));
    expect(commands.previewUndoImport).toHaveBeenCalledWith("p1", "i2");
    const dialog = await screen.findByTestId("undo-dialog");
    expect(within(dialog).getByTestId("undo-consequence")).toHaveTextContent(
      "This will remove 2,148 readings from Margaret Evans's record.",
    );
    expect(within(dialog).getByTestId("undo-cancel")).toHaveFocus();
    expect(commands.undoImport).not.toHaveBeenCalled();

    // No: nothing changes.
    await user.click(within(dialog).getByTestId("undo-cancel"));
    expect(commands.undoImport).not.toHaveBeenCalled();

    // Yes: undone, said so, and the history shows it.
    vi.mocked(commands.importHistory).mockResolvedValue([{ ...DEVICE_IMPORT, undoneAt: "2026-11-25T10:00:00Z" }, LAST_IMPORT]);
    await user.click(within(rows[0]).getByTestId("undo-import"));
    await user.click(await screen.findByTestId("undo-confirm"));
    expect(commands.undoImport).toHaveBeenCalledWith("p1", "i2");
    const done = await screen.findByTestId("undo-done");
    expect(done).toHaveTextContent("Import undone");
    expect(done).toHaveTextContent("2,148 readings were removed from Margaret Evans's record.");
    await waitFor(() => expect(done).toHaveFocus());
    expect(props.onundone).toHaveBeenCalled();
    expect(await screen.findByTestId("import-undone-tag")).toHaveTextContent("Undone on 25 Nov 2026");
  });

  it("says what the entries are when a FHIR import is undone, and what comes back", async () => {
    const plan: ipc.ImportUndo = { import: LAST_IMPORT, entriesRemoved: 30, entriesRestored: 2, readingsRemoved: 0 };
    vi.mocked(commands.previewUndoImport).mockResolvedValue(plan);
    const { user } = setup();
    await user.click(await screen.findByTestId("undo-import"));
    expect(await screen.findByTestId("undo-consequence")).toHaveTextContent(
      "This will remove 30 entries from Margaret Evans's record, and put 2 entries back to what they were before this import.",
    );
  });

  it("explains why an import cannot be undone yet", async () => {
    const why = "A later import changed 2 entries this import brought. Undo the later import first: it is above this one in the list.";
    vi.mocked(commands.previewUndoImport).mockRejectedValue(await appError("IMPORT_UNDO_BLOCKED", null, why));
    const { user } = setup();
    await user.click(await screen.findByTestId("undo-import"));
    expect(await screen.findByText(why)).toBeInTheDocument();
    expect(screen.queryByTestId("undo-dialog")).not.toHaveAttribute("open");
  });
});
