import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { OwnEntry } from "../../bindings/OwnEntry";
import * as commands from "../../commands";
import { vocabulary } from "../vocabulary";
import OwnFileSection from "./OwnFileSection.svelte";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

function own(over: Partial<OwnEntry> = {}): OwnEntry {
  return {
    entryId: "own-1",
    kind: "respect",
    kindText: "A ReSPECT form",
    form: { kind: "respect", name: "", date: "2022-02-03" },
    addedBy: "Added by you",
    version: 1,
    addedAt: "2026-01-01T10:00:00Z",
    updatedAt: "2026-01-01T10:00:00Z",
    ...over,
  } as OwnEntry;
}

describe("OwnFileSection", () => {
  beforeEach(() => vi.clearAllMocks());

  it("says first that an older decision may no longer apply, in the backend's words", () => {
    render(OwnFileSection, { personId: "p1", entry: own({ replaced: "A newer ReSPECT form is in this record: this one may no longer apply." }) });
    expect(screen.getByTestId("own-replaced")).toHaveTextContent("A newer ReSPECT form is in this record");
    expect(screen.queryByTestId("own-file")).toBeNull();
  });

  it("shows a kept photo, warns before a copy, saves it and opens the copy", async () => {
    vi.mocked(commands.attachmentImage).mockResolvedValue({ dataUrl: "data:image/png;base64,AAAA", fileName: "rash.png" });
    vi.mocked(commands.saveAttachmentCopy).mockResolvedValue({ handle: "h-open", displayName: "rash.png", count: 1 });
    const file = { attachmentId: "7", fileName: "rash.png", typeText: "a picture (PNG)", sizeText: "2.4 MB", isImage: true };
    render(OwnFileSection, { personId: "p1", entry: own({ kind: "document", file }) });
    expect(await screen.findByTestId("own-photo")).toHaveAttribute("alt", "The photo you kept: rash.png");
    expect(commands.attachmentImage).toHaveBeenCalledWith("p1", "7");
    expect(screen.getByTestId("own-save-copy-warning")).toHaveTextContent(vocabulary().ownEntries.saveCopyWarning);
    const user = userEvent.setup();
    await user.click(screen.getByTestId("own-save-copy"));
    expect(commands.saveAttachmentCopy).toHaveBeenCalledWith("p1", "7");
    expect(await screen.findByTestId("own-copy-saved")).toHaveTextContent("Saved a copy as rash.png. It is not encrypted.");
    await user.click(screen.getByTestId("own-open-copy"));
    expect(commands.openSavedPdf).toHaveBeenCalledWith("h-open");
  });

  it("a PDF is not fetched as a picture; a cancelled Save says nothing", async () => {
    vi.mocked(commands.saveAttachmentCopy).mockResolvedValue(null);
    const file = { attachmentId: "8", fileName: "letter.pdf", typeText: "a PDF", sizeText: "182 KB", isImage: false };
    render(OwnFileSection, { personId: "p1", entry: own({ kind: "document", file }) });
    expect(commands.attachmentImage).not.toHaveBeenCalled();
    await userEvent.setup().click(screen.getByTestId("own-save-copy"));
    expect(screen.queryByTestId("own-copy-saved")).toBeNull();
  });

  it("the organ donation decision in words, and its register page opened by the backend", async () => {
    const page = { url: "https://www.organdonation.nhs.uk/register-your-decision/", text: "Register or change your decision on the NHS Organ Donor Register" };
    const statement = "Wants to donate their organs and tissue. Registered on the NHS Organ Donor Register.";
    render(OwnFileSection, { personId: "p1", entry: own({ kind: "organDonation", statement, page }) });
    expect(screen.getByTestId("own-statement")).toHaveTextContent(statement);
    await userEvent.setup().click(screen.getByTestId("own-page-link"));
    expect(commands.openMeaningPage).toHaveBeenCalledWith(page.url);
  });
});
