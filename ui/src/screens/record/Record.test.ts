import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as ipc from "../../ipc";
import * as commands from "../../commands";
import { fileChoice, person } from "../../test/ipc-mock";
import Record from "./Record.svelte";
import { POTASSIUM, detail, summary } from "./test-data";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));
vi.mock("../../ipc", async (io) => (await import("../../test/ipc-mock")).mockIpc(io));

function setup() {
  const props = { person: person(), onback: vi.fn() };
  render(Record, props);
  return { props, user: userEvent.setup() };
}

describe("Record", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(commands.recordSummary).mockResolvedValue(summary());
    vi.mocked(commands.timeline).mockResolvedValue({ entries: [POTASSIUM], nextCursor: null, total: 1 });
    vi.mocked(commands.entry).mockResolvedValue(detail());
    vi.mocked(commands.onImportProgress).mockResolvedValue(() => {});
    vi.mocked(commands.onFilesDropped).mockResolvedValue(() => {});
    vi.mocked(ipc.onFileDrag).mockResolvedValue(() => {});
    vi.mocked(commands.gpPractices).mockResolvedValue([]);
    vi.mocked(commands.importHistory).mockResolvedValue([]);
  });

  it("opens on the summary, with the parts of the record as navigation", async () => {
    setup();
    expect(screen.getByRole("heading", { level: 1, name: "Margaret Evans's health record" })).toHaveFocus();
    expect(screen.getByTestId("record-tab-summary")).toHaveAttribute("aria-current", "page");
    expect(await screen.findByTestId("record-summary")).toBeInTheDocument();
    for (const t of ["timeline", "categories", "search", "import"]) {
      expect(screen.getByTestId(`record-tab-${t}`)).not.toHaveAttribute("aria-current");
    }
  });

  it("goes from the timeline to an entry and back, with focus where it was", async () => {
    const { user } = setup();
    await user.click(screen.getByTestId("record-tab-timeline"));
    expect(screen.getByTestId("record-tab-timeline")).toHaveAttribute("aria-current", "page");
    const link = await screen.findByRole("link", { name: "Serum potassium" });
    link.focus();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByTestId("entry-title")).toHaveTextContent("Serum potassium"));
    expect(screen.getByTestId("entry-title")).toHaveFocus();
    expect(screen.getByTestId("record")).not.toBeVisible();
    expect(screen.getByTestId("entry-back")).toHaveTextContent("Back to the timeline");

    // A related entry, then back twice.
    await user.click(screen.getByRole("link", { name: "Urea and electrolytes" }));
    await waitFor(() => expect(vi.mocked(commands.entry)).toHaveBeenLastCalledWith("p1", "e9"));
    expect(screen.getByTestId("entry-back")).toHaveTextContent("Back to Serum potassium");
    await user.click(screen.getByTestId("entry-back"));
    await waitFor(() => expect(vi.mocked(commands.entry)).toHaveBeenLastCalledWith("p1", "e4"));
    await user.click(screen.getByTestId("entry-back"));
    expect(screen.queryByTestId("entry-title")).toBeNull();
    expect(screen.getByTestId("record")).toBeVisible();
    await waitFor(() => expect(screen.getByRole("link", { name: "Serum potassium" })).toHaveFocus());
    // The timeline was not loaded again.
    expect(vi.mocked(commands.timeline)).toHaveBeenCalledTimes(1);
  });

  it("opens a category from the summary's counts", async () => {
    const { user } = setup();
    await user.click(await screen.findByRole("link", { name: "Test results" }));
    expect(screen.getByTestId("record-tab-categories")).toHaveAttribute("aria-current", "page");
    await waitFor(() => expect(screen.getByTestId("category-kind")).toHaveValue("result"));
  });

  it("goes back to the person", async () => {
    const { props, user } = setup();
    await user.click(screen.getByRole("link", { name: "Back to Margaret Evans" }));
    expect(props.onback).toHaveBeenCalled();
  });

  it("reloads the summary after an import", async () => {
    vi.mocked(commands.chooseFhirFiles).mockResolvedValue(fileChoice("a.json"));
    const { report } = await import("./test-data");
    vi.mocked(commands.importFiles).mockResolvedValue(report());
    const { user } = setup();
    await screen.findByTestId("record-summary");
    await user.click(screen.getByTestId("record-tab-import"));
    await user.click(screen.getByTestId("choose-fhir-files"));
    await screen.findByTestId("import-report");
    await user.click(screen.getByTestId("record-tab-summary"));
    await screen.findByTestId("record-summary");
    expect(vi.mocked(commands.recordSummary)).toHaveBeenCalledTimes(2);
  });

  it("adds an own entry from the record with the keyboard, then opens it saying what was added", async () => {
    const { IBUPROFEN } = await import("../../lib/entries/test-data");
    const { entry } = await import("./test-data");
    vi.mocked(commands.checkOwnEntry).mockResolvedValue([]);
    vi.mocked(commands.addOwnEntry).mockResolvedValue({ entry: IBUPROFEN, message: "Medicine added." });
    vi.mocked(commands.entry).mockResolvedValue(
      detail({ entry: entry({ id: "own-1", kind: "medication", title: "Ibuprofen 200mg tablets", addedBy: "Added by you" }), value: null }),
    );
    const { user } = setup();
    const add = screen.getByRole("button", { name: "Add to my record" });
    add.focus();
    await user.keyboard("{Enter}");
    expect(screen.getByRole("heading", { level: 1, name: "Add to your record" })).toHaveFocus();
    expect(screen.getByTestId("record")).not.toBeVisible();
    await user.click(screen.getByLabelText("A medicine"));
    await user.click(screen.getByTestId("own-kind-continue"));
    await user.type(screen.getByLabelText("Medicine"), "Ibuprofen 200mg tablets");
    await user.click(screen.getByTestId("own-save"));
    expect(await screen.findByTestId("notice")).toHaveTextContent("Medicine added.");
    expect(commands.entry).toHaveBeenCalledWith("p1", "own-1");
    expect(await screen.findByTestId("own-added-by")).toHaveTextContent("Added by you");
    // Back returns to the record, to the button that started it.
    await user.click(screen.getByTestId("entry-back"));
    await waitFor(() => expect(add).toHaveFocus());
  });

  it("Cancel on the add form goes back to the record", async () => {
    const { user } = setup();
    await user.click(screen.getByRole("button", { name: "Add to my record" }));
    await user.click(screen.getByTestId("own-cancel"));
    expect(screen.getByTestId("record")).toBeVisible();
    expect(commands.addOwnEntry).not.toHaveBeenCalled();
  });

  it("a carer adds to the record of the person they look after, in those words", async () => {
    const { person: makePerson } = await import("../../test/ipc-mock");
    const margaret = makePerson();
    render(Record, { person: { ...margaret, role: { ...(margaret.role ?? {}), kind: "caredFor" } as never }, onback: vi.fn() });
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Add to Margaret Evans's record" }));
    expect(screen.getByRole("heading", { level: 1, name: "Add to Margaret Evans's record" })).toHaveFocus();
  });

  it("an own entry kept private from the carer is said on the record, since its page is not here", async () => {
    vi.mocked(commands.checkOwnEntry).mockResolvedValue([]);
    vi.mocked(commands.addOwnEntry).mockResolvedValue({ entry: null, message: "Saved in your private part, which only you can see." });
    const { user } = setup();
    await user.click(screen.getByRole("button", { name: "Add to my record" }));
    await user.click(screen.getByLabelText("A note or diary entry"));
    await user.click(screen.getByTestId("own-kind-continue"));
    await user.type(screen.getByLabelText("Title"), "Counselling");
    await user.type(screen.getByLabelText("Your note"), "Started counselling.");
    await user.click(screen.getByTestId("own-save"));
    expect(await screen.findByTestId("added-notice")).toHaveTextContent("Saved in your private part, which only you can see.");
    expect(screen.getByTestId("record")).toBeVisible();
    expect(commands.entry).not.toHaveBeenCalled();
  });
});
