import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import { appError } from "../../test/ipc-mock";
import EntryDetail from "./EntryDetail.svelte";
import { POTASSIUM, detail, entry } from "./test-data";
import { urgentBpAdvice } from "../readings/fixtures";
import { vocabulary } from "../../test/ipc-mock";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

function setup() {
  const props = { personId: "p1", entryId: "e4", backText: "Back to the timeline", onback: vi.fn(), onopen: vi.fn() };
  render(EntryDetail, props);
  return { props, user: userEvent.setup() };
}

describe("EntryDetail", () => {
  beforeEach(() => vi.clearAllMocks());

  it("shows the entry in plain English: status, date, value with range and flag in words", async () => {
    vi.mocked(commands.entry).mockResolvedValue(
      detail({ facts: [{ label: "Specimen", text: "Blood" }, { label: "Status", text: "final" }] }),
    );
    setup();
    await waitFor(() => expect(screen.getByTestId("entry-title")).toHaveTextContent("Serum potassium"));
    expect(screen.getByTestId("entry-title")).toHaveFocus();
    expect(vi.mocked(commands.entry)).toHaveBeenCalledWith("p1", "e4");
    expect(screen.getByTestId("entry-kind")).toHaveTextContent("Test result");
    expect(screen.getByTestId("entry-status")).toHaveTextContent("Complete");
    expect(screen.getByTestId("entry-date")).toHaveTextContent("14 Oct 2026, 09:30");
    expect(screen.getByTestId("entry-value")).toHaveTextContent("5.9 mmol/L");
    expect(screen.getByTestId("entry-flag")).toHaveTextContent("High: above the normal range");
    expect(screen.getByTestId("entry-range")).toHaveTextContent("Normal range: 3.5 to 5.3 mmol/L");
    expect(screen.getByTestId("entry-details")).toHaveTextContent("Specimen");
    // A "Status" fact repeating the status row is not shown twice.
    expect(screen.getAllByText("Status")).toHaveLength(1);
    expect(screen.getByTestId("entry-sensitivity")).toHaveTextContent("General");
  });

  it("shows the plain name first, the coded name and code beneath, what it means and the NHS page as text", async () => {
    vi.mocked(commands.entry).mockResolvedValue(
      detail({
        entry: entry({ id: "e4", kind: "result", title: "Pain severity - 0-10 verbal numeric rating [Score] - Reported" }),
        plainTitle: "Pain score",
        codedTitle: "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
        code: { system: "LOINC", code: "72514-3", display: null },
        meaning: "How bad your pain was, from 0 (no pain) to 10 (the worst pain).",
        nhsUrl: "https://www.nhs.uk/conditions/high-blood-pressure/",
      }),
    );
    setup();
    await waitFor(() => expect(screen.getByTestId("entry-title")).toHaveTextContent("Pain score"));
    const coded = screen.getByTestId("entry-coded-title");
    expect(coded).toHaveTextContent("Pain severity - 0-10 verbal numeric rating [Score] - Reported");
    expect(coded).toHaveTextContent("LOINC code 72514-3");
    expect(screen.getByTestId("entry-meaning")).toHaveTextContent("What this means: How bad your pain was");
    const page = screen.getByTestId("entry-nhs-page");
    expect(page).toHaveTextContent("https://www.nhs.uk/conditions/high-blood-pressure/");
    // A click asks the backend to open the page in the person's browser: the window stays.
    vi.mocked(commands.openMeaningPage).mockResolvedValue(null);
    const link = within(page).getByRole("link", { name: /More on the NHS website.*opens in your web browser/ });
    const before = window.location.href;
    const click = new MouseEvent("click", { bubbles: true, cancelable: true });
    await fireEvent(link, click);
    expect(click.defaultPrevented).toBe(true);
    expect(window.location.href).toBe(before);
    expect(commands.openMeaningPage).toHaveBeenCalledWith("https://www.nhs.uk/conditions/high-blood-pressure/");
  });

  it("says to type the NHS page's address when the browser cannot be opened", async () => {
    vi.mocked(commands.entry).mockResolvedValue(
      detail({ meaning: "A yearly vaccine that protects against flu.", nhsUrl: "https://www.nhs.uk/conditions/hives/" }),
    );
    vi.mocked(commands.openMeaningPage).mockRejectedValue(await appError("IO"));
    setup();
    const link = await screen.findByTestId("entry-nhs-link");
    await fireEvent.click(link);
    await waitFor(() =>
      expect(screen.getByRole("alert")).toHaveTextContent(
        "Your web browser could not be opened. To read the page, type this address into your web browser: https://www.nhs.uk/conditions/hives/",
      ),
    );
  });

  it("shows an entry the meanings do not know under its own title, with no coded line", async () => {
    vi.mocked(commands.entry).mockResolvedValue(detail());
    setup();
    await waitFor(() => expect(screen.getByTestId("entry-title")).toHaveTextContent("Serum potassium"));
    expect(screen.queryByTestId("entry-coded-title")).toBeNull();
    expect(screen.queryByTestId("entry-meaning")).toBeNull();
  });

  it("shows codes with the coding system explained, the source with its organisation code, and versions", async () => {
    vi.mocked(commands.entry).mockResolvedValue(detail());
    setup();
    const codes = await screen.findByTestId("entry-codes");
    const rows = within(codes).getAllByRole("row").slice(1);
    expect(rows[0]).toHaveTextContent("SNOMED CT");
    expect(rows[0]).toHaveTextContent("the clinical terms used across the NHS");
    expect(rows[0]).toHaveTextContent("1000651000000109");
    expect(rows[0]).toHaveTextContent("Serum potassium level");
    expect(rows[1]).toHaveTextContent("Not given");
    const source = screen.getByTestId("entry-source");
    expect(source).toHaveTextContent("Beech House Surgery (GP practice, organisation code A12345)");
    expect(source).toHaveTextContent("23 Nov 2026, 14:05");
    expect(source).toHaveTextContent("24 Nov 2026, 09:30");
    expect(screen.getByTestId("entry-versions")).toHaveTextContent("2 versions");
  });

  it("keeps the raw resource collapsed, monospace and copyable", async () => {
    vi.mocked(commands.entry).mockResolvedValue(detail());
    const { user } = setup();
    // user-event puts its own clipboard on navigator; watch it.
    const writeText = vi.spyOn(navigator.clipboard, "writeText");
    const raw = await screen.findByTestId("raw-resource");
    expect(raw.tagName).toBe("DETAILS");
    expect(raw).not.toHaveAttribute("open");
    expect(raw).toHaveTextContent("The original record (FHIR R4 Observation)");
    expect(screen.getByTestId("raw-json")).toHaveClass("app-mono");
    expect(screen.getByTestId("raw-json").textContent).toContain('"resourceType": "Observation"');
    await user.click(within(raw).getByText(/The original record/));
    await user.click(screen.getByTestId("copy-raw"));
    expect(writeText).toHaveBeenCalledWith(detail().rawJson);
    expect(raw).toHaveTextContent("Copied to the clipboard.");
  });

  it("opens a related entry and goes back", async () => {
    vi.mocked(commands.entry).mockResolvedValue(detail());
    const { props, user } = setup();
    await user.click(await screen.findByRole("link", { name: "Urea and electrolytes" }));
    expect(props.onopen).toHaveBeenCalledWith(expect.objectContaining({ id: "e9" }));
    await user.click(screen.getByTestId("entry-back"));
    expect(props.onback).toHaveBeenCalled();
  });

  it("changes the label after a confirmation", async () => {
    vi.mocked(commands.entry).mockResolvedValue(detail());
    vi.mocked(commands.setEntrySensitivity).mockResolvedValue(
      detail({ entry: { ...POTASSIUM, sensitivity: "heldBack" }, sensitivitySetByUser: true }),
    );
    const { user } = setup();
    await user.click(await screen.findByTestId("change-sensitivity"));
    const dialog = screen.getByTestId("sensitivity-dialog");
    expect(dialog).toHaveAttribute("open");
    expect(screen.getByTestId("sensitivity-general")).toBeChecked();
    await user.click(screen.getByTestId("sensitivity-heldBack"));
    await user.click(screen.getByTestId("confirm-sensitivity"));
    await waitFor(() => expect(screen.getByTestId("entry-sensitivity")).toHaveTextContent("To discuss with my GP"));
    expect(vi.mocked(commands.setEntrySensitivity)).toHaveBeenCalledWith("p1", "e4", "heldBack");
    expect(screen.getByTestId("entry-sensitivity")).toHaveTextContent("chosen by you");
    expect(screen.getByTestId("notice")).toHaveTextContent("recorded in the activity log");
    expect(dialog).not.toHaveAttribute("open");
  });

  it("does nothing when the label is left as it was", async () => {
    vi.mocked(commands.entry).mockResolvedValue(detail());
    const { user } = setup();
    await user.click(await screen.findByTestId("change-sensitivity"));
    await user.click(screen.getByTestId("confirm-sensitivity"));
    expect(vi.mocked(commands.setEntrySensitivity)).not.toHaveBeenCalled();
  });

  it("says when the entry cannot be found", async () => {
    vi.mocked(commands.entry).mockRejectedValue(await appError("ENTRY_NOT_FOUND"));
    setup();
    expect(await screen.findByTestId("error-summary")).toHaveTextContent("We could not find that entry.");
    expect(screen.getByTestId("entry-title")).toHaveTextContent("Entry not available");
  });

  it("a GP result the red-flag table flags: the advice first, with the note of its date, and what its range check rests on", async () => {
    const stale =
      "This result is from 2 Oct 2026. The advice is for a reading like this taken now. Ask your GP practice what it meant at the time.";
    const advice = urgentBpAdvice({ stale });
    const guidance = vocabulary().range.bases.find((b) => b.basis === "guidance")?.text ?? "";
    const bp = entry({ id: "e4", kind: "result", title: "Blood pressure", status: "final", date: "2026-10-02", valueText: "186/122 mmHg", abnormal: true, rangeCheck: "outside", advice });
    vi.mocked(commands.entry).mockResolvedValue(
      detail({
        entry: bp,
        value: { text: "186/122 mmHg", rangeText: null, flag: null, abnormal: true, rangeCheck: "outside", rangeBasis: "guidance", rangeNote: guidance, advice },
      }),
    );
    setup();
    const card = await screen.findByTestId("entry-advice");
    expect(card).toHaveClass("nhsuk-card--care--urgent");
    expect(card).toHaveTextContent("Urgent: Very high blood pressure");
    expect(screen.getByTestId("entry-advice-about")).toHaveTextContent("Blood pressure: 186/122 mmHg, 2 Oct 2026");
    expect(screen.getByTestId("entry-advice-stale")).toHaveTextContent(stale);
    // It comes before the details.
    expect(card.compareDocumentPosition(screen.getByTestId("entry-details")) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(screen.getByTestId("entry-value")).getByTestId("entry-red-flag")).toHaveTextContent("Urgent");
    expect(screen.getByTestId("entry-range-note")).toHaveTextContent(guidance);
    // The details under the card have their own heading.
    expect(screen.getByRole("heading", { level: 2, name: "About this result" })).toBeInTheDocument();
  });

  describe("an entry the person added", () => {
    const OWN = entry({ id: "own-1", kind: "medication", title: "Ibuprofen 200mg tablets", status: "active", sourceName: "You", addedBy: "Added by you" });
    const ownDetail = () => detail({ entry: OWN, value: null, facts: [], codes: [], source: { kind: "selfEntered", name: "You", odsCode: null, url: null } });

    function setupOwn() {
      const props = { personId: "p1", entryId: "own-1", backText: "Back to the summary", onback: vi.fn(), onopen: vi.fn(), onchanged: vi.fn(), message: "Medicine added." };
      render(EntryDetail, props);
      return { props, user: userEvent.setup() };
    }

    beforeEach(() => vi.mocked(commands.entry).mockResolvedValue(ownDetail()));

    it("says clearly who added it and what was just done, and offers no GP-entry note", async () => {
      setupOwn();
      expect(await screen.findByTestId("own-added-by")).toHaveTextContent("Added by you");
      expect(screen.getByTestId("notice")).toHaveTextContent("Medicine added.");
      expect(screen.queryByTestId("entry-note-section")).not.toBeInTheDocument();
      expect(commands.entryNote).not.toHaveBeenCalled();
    });

    it("Change opens the form filled in from ownEntry; saving comes back to the page saying so", async () => {
      const { IBUPROFEN, form } = await import("../../lib/entries/test-data");
      vi.mocked(commands.ownEntry).mockResolvedValue(IBUPROFEN);
      vi.mocked(commands.checkOwnEntry).mockResolvedValue([]);
      vi.mocked(commands.editOwnEntry).mockResolvedValue({ entry: IBUPROFEN, message: "Medicine changed." });
      const { props, user } = setupOwn();
      await user.click(await screen.findByRole("button", { name: /^Change\s*Ibuprofen 200mg tablets$/ }));
      expect(commands.ownEntry).toHaveBeenCalledWith("p1", "own-1");
      expect(await screen.findByLabelText("Medicine")).toHaveValue("Ibuprofen 200mg tablets");
      await user.click(screen.getByTestId("own-save"));
      expect(await screen.findByTestId("notice")).toHaveTextContent("Medicine changed.");
      expect(commands.editOwnEntry).toHaveBeenCalledWith("p1", "own-1", form());
      expect(props.onchanged).toHaveBeenCalled();
    });

    it("Delete asks first, then offers Undo, which puts it back with the token", async () => {
      vi.mocked(commands.deleteOwnEntry).mockResolvedValue({ undoToken: "tok-1", message: "Medicine deleted. You can undo this." });
      vi.mocked(commands.restoreOwnEntry).mockResolvedValue({ entry: null, message: "Medicine put back." });
      const { props, user } = setupOwn();
      await user.click(await screen.findByRole("button", { name: /^Delete\s*Ibuprofen 200mg tablets$/ }));
      const dialog = screen.getByTestId("own-delete-dialog");
      expect(within(dialog).getByRole("heading", { name: "Delete Ibuprofen 200mg tablets?" })).toBeInTheDocument();
      expect(commands.deleteOwnEntry).not.toHaveBeenCalled();
      await user.click(within(dialog).getByRole("button", { name: "Yes, delete it" }));
      expect(await screen.findByTestId("own-deleted")).toHaveTextContent("Medicine deleted.");
      expect(commands.deleteOwnEntry).toHaveBeenCalledWith("p1", "own-1");
      expect(screen.queryByTestId("entry-details")).not.toBeInTheDocument();
      await user.click(screen.getByRole("button", { name: "Undo" }));
      expect(commands.restoreOwnEntry).toHaveBeenCalledWith("p1", "tok-1");
      expect(await screen.findByTestId("notice")).toHaveTextContent("Medicine put back.");
      expect(await screen.findByTestId("own-added-by")).toBeInTheDocument();
      expect(props.onchanged).toHaveBeenCalledTimes(2);
    });
  });

  it("offers the person's own note and hiding on a GP entry", async () => {
    vi.mocked(commands.entry).mockResolvedValue(detail());
    vi.mocked(commands.entryNote).mockResolvedValue({ entryId: "e4", note: null, noteAt: null, hidden: false, message: "" });
    setup();
    expect(await screen.findByTestId("entry-note-add")).toHaveTextContent("Add your note");
    expect(screen.getByRole("button", { name: "Hide from my timeline" })).toBeInTheDocument();
    expect(screen.queryByTestId("own-added-by")).not.toBeInTheDocument();
  });
});
