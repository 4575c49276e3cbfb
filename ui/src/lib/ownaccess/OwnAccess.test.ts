import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import type { OwnAccessStatus } from "../../bindings/OwnAccessStatus";
import type { OwnLimits } from "../../bindings/OwnLimits";
import OwnAccessSection from "./OwnAccessSection.svelte";
import PrivateNote from "./PrivateNote.svelte";
import OwnAccess from "../../screens/ownaccess/OwnAccess.svelte";
import EntryDetail from "../../screens/record/EntryDetail.svelte";
import { detail } from "../../screens/record/test-data";
import { urgentBpAdvice } from "../../screens/readings/fixtures";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

// The backend's words for Margaret (OwnAccessStatus.words), as the app gives them.
function status(over: Partial<OwnAccessStatus> = {}, privateLine: string | null = null): OwnAccessStatus {
  return {
    canHave: true,
    hasOwnAccess: false,
    open: false,
    privateCount: null,
    limitsTampered: false,
    afterSixteen: null,
    broughtBack: null,
    words: {
      heading: "Margaret's own password",
      explain: ["With their own password, Margaret can open their whole record.", "Only Margaret can change those choices."],
      setUp: "Set up Margaret's own password",
      keyboard: "Give the keyboard to Margaret.",
      open: "Margaret: open your own access",
      forgotten: "Forgotten your password?",
      banner: "Margaret's own access is open",
      close: "Close Margaret's own access",
      privateLine,
      recordLine: privateLine ? `${privateLine} These lists may not show everything: ask Margaret or their GP before you act on them.` : null,
      tampered: null,
      limitsHeading: "What your carer can see and do",
      privateHeading: "Your private entries",
      noPrivate: "You have no private entries.",
      changePassword: "Change your own password",
    },
    ...over,
  };
}

const LIMITS: OwnLimits = {
  labels: [
    { sensitivity: "mentalHealth", words: "Keep mental health entries private from your carer", hidden: false },
    { sensitivity: "sexualHealth", words: "Keep sexual health entries private from your carer", hidden: false },
  ],
  permissions: [
    { permission: "readings", label: "Add readings", allowed: true },
    { permission: "export", label: "Export their record", allowed: true },
  ],
  permissionsHeading: "Your carer may:",
  showCount: false,
  showCountWords: "Let your carer see how many entries are private",
  hiddenEntries: 0,
  hiddenEntriesWords: null,
  keptAlone: [],
  keepPrivateWords: "Keep this private from Sarah",
  showAgainWords: "Show this to Sarah again",
};

const PERSON = {
  id: "p2",
  name: "Margaret Evans",
  dateOfBirth: "1948-03-02",
  nhsNumber: null,
  createdAt: "2026-11-20T10:00:00Z",
  updatedAt: "2026-11-20T10:00:00Z",
  role: null,
} as never;

describe("own access", () => {
  beforeEach(() => vi.clearAllMocks());

  it("before it is set up, says what it gives and offers to set it up", async () => {
    vi.mocked(commands.ownAccessStatus).mockResolvedValue(status());
    const onopen = vi.fn();
    render(OwnAccessSection, { personId: "p2", onopen });
    const button = await screen.findByRole("button", { name: "Set up Margaret's own password" });
    expect(screen.getByRole("heading", { name: "Margaret's own password" })).toBeInTheDocument();
    expect(screen.getByText("Only Margaret can change those choices.")).toBeInTheDocument();
    await fireEvent.click(button);
    expect(onopen).toHaveBeenCalledWith("setup");
  });

  it("for the carer, says how many entries she keeps private, and lets her open it", async () => {
    vi.mocked(commands.ownAccessStatus).mockResolvedValue(status({ hasOwnAccess: true, privateCount: 3 }, "Margaret keeps 3 entries private."));
    const onopen = vi.fn();
    render(OwnAccessSection, { personId: "p2", onopen });
    expect(await screen.findByTestId("own-access-private-line")).toHaveTextContent("Margaret keeps 3 entries private.");
    await fireEvent.click(screen.getByRole("button", { name: "Margaret: open your own access" }));
    expect(onopen).toHaveBeenCalledWith("open");
  });

  it("shows nothing for someone who cannot have their own password", async () => {
    vi.mocked(commands.ownAccessStatus).mockResolvedValue(status({ canHave: false }));
    render(OwnAccessSection, { personId: "p1", onopen: vi.fn() });
    await waitFor(() => expect(commands.ownAccessStatus).toHaveBeenCalled());
    expect(screen.queryByTestId("own-access-section")).toBeNull();
  });

  it("beside the record's lists, the carer reads the private line; not while her own access is open", async () => {
    vi.mocked(commands.ownAccessStatus).mockResolvedValue(status({ hasOwnAccess: true }, "Margaret keeps some entries private."));
    const { unmount } = render(PrivateNote, { personId: "p2" });
    expect(await screen.findByTestId("private-note")).toHaveTextContent(
      "Margaret keeps some entries private. These lists may not show everything: ask Margaret or their GP before you act on them.",
    );
    unmount();
    vi.mocked(commands.ownAccessStatus).mockResolvedValue(status({ hasOwnAccess: true, open: true }, "Margaret keeps some entries private."));
    render(PrivateNote, { personId: "p2" });
    await waitFor(() => expect(commands.ownAccessStatus).toHaveBeenCalledTimes(2));
    expect(screen.queryByTestId("private-note")).toBeNull();
  });

  it("a wrong own password is shown at its field, with the focus on the heading first", async () => {
    vi.mocked(commands.ownAccessStatus).mockResolvedValue(status({ hasOwnAccess: true }));
    vi.mocked(commands.openOwnAccess).mockRejectedValue({
      code: "OWN_PASSWORD_WRONG",
      message: "That is not Margaret's own password.",
      field: "ownPassword",
    });
    render(OwnAccess, { person: PERSON, mode: "open", onback: vi.fn(), onopened: vi.fn(), onclosed: vi.fn() });
    const heading = await screen.findByRole("heading", { name: "Margaret: open your own access" });
    expect(heading).toHaveFocus();
    await fireEvent.input(screen.getByLabelText("Your password"), { target: { value: "not her password" } });
    await fireEvent.click(screen.getByTestId("own-access-submit"));
    expect((await screen.findAllByText("That is not Margaret's own password.")).length).toBeGreaterThan(0);
  });

  it("in a record that is her own, her password brings the kept entries back and nothing stays open", async () => {
    vi.mocked(commands.ownAccessStatus).mockResolvedValue(status({ hasOwnAccess: true }));
    const back = "Your private entries are back in your record. You do not need your own password for them any more.";
    vi.mocked(commands.openOwnAccess).mockResolvedValue(status({ canHave: false, broughtBack: back }));
    const onopened = vi.fn();
    const onback = vi.fn();
    render(OwnAccess, { person: PERSON, mode: "open", onback, onopened, onclosed: vi.fn() });
    await fireEvent.input(await screen.findByLabelText("Your password"), { target: { value: "kestrel pebble harbour" } });
    await fireEvent.click(screen.getByTestId("own-access-submit"));
    expect(await screen.findByTestId("own-access-brought-back")).toHaveTextContent(back);
    expect(onopened).not.toHaveBeenCalled();
    expect(commands.ownLimits).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId("own-access-back"));
    expect(onback).toHaveBeenCalled();
  });

  it("with it open, saving asks first with what will move, then says what moved", async () => {
    vi.mocked(commands.ownAccessStatus).mockResolvedValue(status({ hasOwnAccess: true, open: true }));
    vi.mocked(commands.ownLimits).mockResolvedValue(LIMITS);
    vi.mocked(commands.privateEntries).mockResolvedValue({ entries: [], nextCursor: null, total: 0 } as never);
    vi.mocked(commands.checkOwnLimits).mockResolvedValue([
      "Entries labelled sexual health will move to your private part. Your carer will not see them.",
    ]);
    vi.mocked(commands.setOwnLimits).mockResolvedValue({ toPrivate: 3, toRecord: 0, message: "3 entries are now private." });
    render(OwnAccess, { person: PERSON, mode: "home", onback: vi.fn(), onopened: vi.fn(), onclosed: vi.fn() });
    await fireEvent.click(await screen.findByLabelText("Keep sexual health entries private from your carer"));
    await fireEvent.click(screen.getByTestId("own-limits-save"));
    expect(await screen.findByTestId("own-limits-confirm-lines")).toHaveTextContent("will move to your private part");
    expect(commands.setOwnLimits).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId("own-limits-confirm-save"));
    expect(await screen.findByTestId("own-limits-saved")).toHaveTextContent("3 entries are now private.");
    expect(commands.setOwnLimits).toHaveBeenCalledWith("p2", {
      hidden: ["sexualHealth"],
      allowed: ["readings", "export"],
      showCount: false,
    });
    expect(screen.getByText("You have no private entries.")).toBeInTheDocument();
  });

  it("with it open, she can change her own password", async () => {
    vi.mocked(commands.ownAccessStatus).mockResolvedValue(status({ hasOwnAccess: true, open: true }));
    vi.mocked(commands.ownLimits).mockResolvedValue(LIMITS);
    vi.mocked(commands.privateEntries).mockResolvedValue({ entries: [], nextCursor: null, total: 0 } as never);
    vi.mocked(commands.changeOwnPassword).mockResolvedValue(null);
    render(OwnAccess, { person: PERSON, mode: "home", onback: vi.fn(), onopened: vi.fn(), onclosed: vi.fn() });
    const details = await screen.findByTestId("own-password-change");
    (details as HTMLDetailsElement).open = true;
    await fireEvent(details, new Event("toggle"));
    await fireEvent.input(await screen.findByLabelText("Your new password"), { target: { value: "marble heron quietly" } });
    await fireEvent.click(screen.getByTestId("own-password-change-save"));
    expect(await screen.findByTestId("own-password-changed")).toHaveTextContent("Your password has been changed.");
    expect(commands.changeOwnPassword).toHaveBeenCalledWith("p2", "marble heron quietly");
  });

  it("a private entry with a red-flag value carries its advice", async () => {
    vi.mocked(commands.ownAccessStatus).mockResolvedValue(status({ hasOwnAccess: true, open: true }));
    vi.mocked(commands.ownLimits).mockResolvedValue(LIMITS);
    const row = { id: "e7", kind: "result", title: "Blood pressure", status: "final", date: "2026-10-02", valueText: "186/122 mmHg", flag: null, abnormal: true, sensitivity: "mentalHealth", sourceName: "Demo Practice" };
    vi.mocked(commands.privateEntries).mockResolvedValue({ entries: [row], nextCursor: null, total: 1 } as never);
    vi.mocked(commands.privateEntry).mockResolvedValue({
      entry: row,
      codes: [],
      value: { text: "186/122 mmHg", rangeText: null, flag: null, abnormal: true, advice: urgentBpAdvice() },
      components: [],
      facts: [],
      source: { kind: "gp", name: "Demo Practice", odsCode: null, url: null },
      importedAt: "2026-11-20T10:00:00Z",
      updatedAt: "2026-11-20T10:00:00Z",
      resourceType: "Observation",
      fhirVersion: "R4",
      rawJson: "{}",
      versions: 1,
      sensitivitySetByUser: false,
      related: [],
      attachments: [],
    } as never);
    render(OwnAccess, { person: PERSON, mode: "home", onback: vi.fn(), onopened: vi.fn(), onclosed: vi.fn() });
    await fireEvent.click(await screen.findByTestId("private-entry-e7"));
    expect(await screen.findByTestId("private-entry-advice")).toHaveTextContent("Very high blood pressure");
  });

  it("lists her private entries a page at a time", async () => {
    vi.mocked(commands.ownAccessStatus).mockResolvedValue(status({ hasOwnAccess: true, open: true }));
    vi.mocked(commands.ownLimits).mockResolvedValue(LIMITS);
    const row = (id: string, title: string) => ({ id, kind: "medication", title, status: "active", date: "2026-10-02", valueText: null, flag: null, abnormal: false, sensitivity: "sexualHealth", sourceName: "Demo Practice" });
    vi.mocked(commands.privateEntries)
      .mockResolvedValueOnce({ entries: [row("e1", "Errin 0.35 MG Oral Tablet")], nextCursor: "c2", total: 2 } as never)
      .mockResolvedValueOnce({ entries: [row("e2", "Camila 0.35 MG Oral Tablet")], nextCursor: null, total: 2 } as never);
    render(OwnAccess, { person: PERSON, mode: "home", onback: vi.fn(), onopened: vi.fn(), onclosed: vi.fn() });
    await fireEvent.click(await screen.findByRole("button", { name: "Show more (1 of 2)" }));
    expect(await screen.findByText("Camila 0.35 MG Oral Tablet")).toBeInTheDocument();
    expect(screen.getByText("Errin 0.35 MG Oral Tablet")).toBeInTheDocument();
    expect(commands.privateEntries).toHaveBeenLastCalledWith("p2", "c2");
    expect(screen.queryByTestId("private-more")).toBeNull();
  });

  it("at 16, she reads why her carer's access stopped and can let them carry on", async () => {
    const afterSixteen = {
      text: "Your carer's access to your record has stopped because you are 16. You can take your record over (hand over), or let Sarah carry on looking after it within the limits you set.",
      button: "Let Sarah carry on",
      limitsLink: "See what Sarah can see and do",
      done: "Sarah can look after your record again, within the limits you set.",
    };
    vi.mocked(commands.ownAccessStatus).mockResolvedValue(status({ hasOwnAccess: true, open: true, afterSixteen }));
    vi.mocked(commands.ownLimits).mockResolvedValue(LIMITS);
    vi.mocked(commands.privateEntries).mockResolvedValue({ entries: [], nextCursor: null, total: 0 } as never);
    vi.mocked(commands.continueCareAfterSixteen).mockResolvedValue(status({ hasOwnAccess: true, open: true }));
    render(OwnAccess, { person: PERSON, mode: "home", onback: vi.fn(), onopened: vi.fn(), onclosed: vi.fn() });
    expect(await screen.findByTestId("after-sixteen")).toHaveTextContent("has stopped because you are 16");
    expect(screen.getByRole("link", { name: "See what Sarah can see and do" })).toHaveAttribute("href", "#own-limits");
    await fireEvent.click(screen.getByRole("button", { name: "Let Sarah carry on" }));
    expect(await screen.findByTestId("after-sixteen-done")).toHaveTextContent("Sarah can look after your record again");
    expect(commands.continueCareAfterSixteen).toHaveBeenCalledWith("p2");
    expect(screen.queryByTestId("after-sixteen")).toBeNull();
  });

  it("says nothing about 16 when her carer's access has not stopped for it", async () => {
    vi.mocked(commands.ownAccessStatus).mockResolvedValue(status({ hasOwnAccess: true, open: true }));
    vi.mocked(commands.ownLimits).mockResolvedValue(LIMITS);
    vi.mocked(commands.privateEntries).mockResolvedValue({ entries: [], nextCursor: null, total: 0 } as never);
    render(OwnAccess, { person: PERSON, mode: "home", onback: vi.fn(), onopened: vi.fn(), onclosed: vi.fn() });
    await screen.findByTestId("own-limits");
    expect(screen.queryByTestId("after-sixteen")).toBeNull();
  });

  it("on an entry of her record, with her own access open, she can keep it private from her carer", async () => {
    vi.mocked(commands.entry).mockResolvedValue(detail());
    vi.mocked(commands.ownAccessStatus).mockResolvedValue(status({ hasOwnAccess: true, open: true }));
    vi.mocked(commands.ownLimits).mockResolvedValue(LIMITS);
    vi.mocked(commands.keepEntryPrivate).mockResolvedValue({ toPrivate: 1, toRecord: 0, message: "1 entry is now private." });
    const onback = vi.fn();
    render(EntryDetail, { personId: "p2", entryId: "e4", backText: "Back to the timeline", onback, onopen: vi.fn() });
    await fireEvent.click(await screen.findByRole("button", { name: "Keep this private from Sarah" }));
    expect(commands.keepEntryPrivate).toHaveBeenCalledWith("p2", "e4");
    expect(await screen.findByText("1 entry is now private.")).toBeInTheDocument();
    expect(screen.queryByTestId("keep-private")).toBeNull();
    expect(onback).not.toHaveBeenCalled();
  });

  it("on an entry, the carer (her own access closed) is not offered to keep it private", async () => {
    vi.mocked(commands.entry).mockResolvedValue(detail());
    vi.mocked(commands.ownAccessStatus).mockResolvedValue(status({ hasOwnAccess: true, open: false }));
    render(EntryDetail, { personId: "p2", entryId: "e4", backText: "Back to the timeline", onback: vi.fn(), onopen: vi.fn() });
    await screen.findByTestId("entry-sensitivity");
    await waitFor(() => expect(commands.ownAccessStatus).toHaveBeenCalled());
    expect(screen.queryByTestId("keep-private")).toBeNull();
    expect(commands.ownLimits).not.toHaveBeenCalled();
  });

  it("a private entry kept private by itself can be shown to her carer again; one private by its label cannot", async () => {
    vi.mocked(commands.ownAccessStatus).mockResolvedValue(status({ hasOwnAccess: true, open: true }));
    vi.mocked(commands.ownLimits).mockResolvedValue({ ...LIMITS, hiddenEntries: 1, hiddenEntriesWords: "1 entry kept private one by one.", keptAlone: ["e1"] });
    const row = (id: string, title: string) => ({ id, kind: "problem", title, status: "active", date: "2026-10-02", valueText: null, flag: null, abnormal: false, sensitivity: "general", sourceName: "Demo Practice" });
    vi.mocked(commands.privateEntries).mockResolvedValue({ entries: [row("e1", "Sprain of ankle"), row("e2", "Anxiety")], nextCursor: null, total: 2 } as never);
    const full = (id: string, title: string) => ({ ...detail(), entry: row(id, title), plainTitle: null, value: null, facts: [], meaning: null }) as never;
    vi.mocked(commands.privateEntry).mockImplementation(async (_p, id) => (id === "e1" ? full("e1", "Sprain of ankle") : full("e2", "Anxiety")));
    vi.mocked(commands.showEntryAgain).mockResolvedValue({ toPrivate: 0, toRecord: 1, message: "1 entry is no longer private." });
    render(OwnAccess, { person: PERSON, mode: "home", onback: vi.fn(), onopened: vi.fn(), onclosed: vi.fn() });
    expect(await screen.findByText("1 entry kept private one by one.")).toBeInTheDocument();

    await fireEvent.click(await screen.findByTestId("private-entry-e2"));
    await screen.findByRole("heading", { name: "Anxiety" });
    expect(screen.queryByTestId("show-again")).toBeNull();
    await fireEvent.click(screen.getByText("Back"));

    await fireEvent.click(await screen.findByTestId("private-entry-e1"));
    await fireEvent.click(await screen.findByRole("button", { name: "Show this to Sarah again" }));
    expect(commands.showEntryAgain).toHaveBeenCalledWith("p2", "e1");
    expect(await screen.findByTestId("own-limits-saved")).toHaveTextContent("1 entry is no longer private.");
  });
});
