import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import { appError } from "../../test/ipc-mock";
import EntryNoteSection from "./EntryNoteSection.svelte";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

const none = { entryId: "e1", note: null, noteAt: null, hidden: false, message: "" };

function setup() {
  const props = { personId: "p1", entryId: "e1", onchanged: vi.fn() };
  render(EntryNoteSection, props);
  return { props, user: userEvent.setup() };
}

describe("EntryNoteSection", () => {
  beforeEach(() => vi.clearAllMocks());

  it("adds the person's note beside a GP entry and shows it as theirs", async () => {
    vi.mocked(commands.entryNote).mockResolvedValue(none);
    vi.mocked(commands.setEntryNote).mockResolvedValue({
      ...none,
      note: "Stopped in May: side effects",
      noteAt: "2026-11-20T10:00:00Z",
      message: "Your note is saved beside the entry.",
    });
    const { props, user } = setup();
    await user.click(await screen.findByTestId("entry-note-add"));
    const box = screen.getByLabelText("Your note about this entry");
    expect(box).toHaveFocus();
    expect(box).toHaveAccessibleDescription(/does not change what your GP recorded/);
    await user.type(box, "Stopped in May: side effects");
    await user.click(screen.getByTestId("entry-note-save"));
    expect(await screen.findByTestId("entry-note")).toHaveTextContent("Stopped in May: side effects");
    expect(screen.getByRole("heading", { name: "Your note" })).toBeInTheDocument();
    expect(screen.getByTestId("entry-note-message")).toHaveTextContent("Your note is saved beside the entry.");
    expect(commands.setEntryNote).toHaveBeenCalledWith("p1", "e1", "Stopped in May: side effects");
    expect(props.onchanged).toHaveBeenCalled();
  });

  it("shows the backend's refusal by the note box, keeping what was typed", async () => {
    vi.mocked(commands.entryNote).mockResolvedValue(none);
    vi.mocked(commands.setEntryNote).mockRejectedValue(await appError("INVALID_INPUT", "text", "Enter your note"));
    const { user } = setup();
    await user.click(await screen.findByTestId("entry-note-add"));
    await user.type(screen.getByLabelText("Your note about this entry"), "   ");
    await user.click(screen.getByTestId("entry-note-save"));
    await waitFor(() => expect(screen.getByLabelText("Your note about this entry")).toHaveAccessibleDescription(/Enter your note/));
  });

  it("hides the entry from the timeline, says it is still in exports and shares, and shows it again", async () => {
    vi.mocked(commands.entryNote).mockResolvedValue(none);
    vi.mocked(commands.setEntryHidden)
      .mockResolvedValueOnce({ ...none, hidden: true, message: "Hidden from your timeline. It is still in your record and in exports." })
      .mockResolvedValueOnce({ ...none, hidden: false, message: "Shown on your timeline again." });
    const { props, user } = setup();
    await user.click(await screen.findByRole("button", { name: "Hide from my timeline" }));
    expect(commands.setEntryHidden).toHaveBeenCalledWith("p1", "e1", true);
    expect(await screen.findByTestId("entry-hidden")).toHaveTextContent("still in your record, and in exports and things you share");
    expect(screen.getByTestId("entry-hide-message")).toHaveTextContent("Hidden from your timeline.");
    await user.click(screen.getByRole("button", { name: "Show in my timeline again" }));
    expect(commands.setEntryHidden).toHaveBeenLastCalledWith("p1", "e1", false);
    expect(await screen.findByRole("button", { name: "Hide from my timeline" })).toBeInTheDocument();
    expect(props.onchanged).toHaveBeenCalledTimes(2);
  });

  it("changes and removes a note already written", async () => {
    vi.mocked(commands.entryNote).mockResolvedValue({ ...none, note: "Misdiagnosis", noteAt: "2026-11-20T10:00:00Z" });
    vi.mocked(commands.setEntryNote).mockResolvedValue({ ...none, message: "Your note is removed." });
    const { user } = setup();
    expect(await screen.findByTestId("entry-note")).toHaveTextContent("Misdiagnosis");
    await user.click(screen.getByTestId("entry-note-change"));
    expect(screen.getByLabelText("Your note about this entry")).toHaveValue("Misdiagnosis");
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    await user.click(screen.getByTestId("entry-note-remove"));
    expect(commands.setEntryNote).toHaveBeenCalledWith("p1", "e1", null);
    expect(await screen.findByTestId("entry-note-add")).toBeInTheDocument();
  });
});
