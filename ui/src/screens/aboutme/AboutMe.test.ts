import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import { person, vocabulary } from "../../test/ipc-mock";
import { DECISIONS, EMPTY, SAVED } from "../../lib/aboutme/test-data";
import AboutMe from "./AboutMe.svelte";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

function setup() {
  const props = { person: person(), onback: vi.fn() };
  render(AboutMe, props);
  return { props, user: userEvent.setup() };
}

describe("AboutMe", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(commands.aboutMe).mockResolvedValue(SAVED);
    vi.mocked(commands.checkAboutMe).mockResolvedValue([]);
    vi.mocked(commands.decisions).mockResolvedValue({ items: [] });
    vi.mocked(commands.entry).mockReturnValue(new Promise(() => {}));
  });

  it("shows what is saved in the backend's words", async () => {
    setup();
    expect(screen.getByRole("heading", { level: 1, name: "What matters to me" })).toHaveFocus();
    expect(await screen.findByText("Walking my dog every morning")).toBeInTheDocument();
    expect(screen.getByTestId("am-view-contact")).toHaveTextContent("Sarah Evans, Son or daughter");
    expect(screen.getByTestId("am-view-contact-roles")).toHaveTextContent("Next of kin, Emergency contact");
    expect(screen.getByText("A spoken language interpreter: Polish")).toBeInTheDocument();
    expect(screen.getByTestId("am-view-practice-from-gp")).toBeInTheDocument();
    expect(commands.aboutMe).toHaveBeenCalledWith("p1");
  });

  it("says what saving did, and puts back what was removed with Undo", async () => {
    vi.mocked(commands.setAboutMe).mockResolvedValue({ aboutMe: { ...SAVED, contacts: [] }, message: "Removed. You can undo this.", undoToken: "12" });
    vi.mocked(commands.restoreAboutMe).mockResolvedValue({ aboutMe: SAVED, message: "Put back.", undoToken: null });
    const { user } = setup();
    await user.click(await screen.findByTestId("about-me-change"));
    await user.click(screen.getByRole("button", { name: "Remove Sarah Evans" }));
    await user.click(screen.getByTestId("am-save"));
    expect(await screen.findByTestId("about-me-notice")).toHaveTextContent("Removed. You can undo this.");
    expect(screen.getByTestId("am-view-contacts")).toHaveTextContent("No contacts added.");
    await user.click(screen.getByTestId("about-me-undo"));
    await waitFor(() => expect(screen.getByTestId("about-me-notice")).toHaveTextContent("Put back."));
    expect(commands.restoreAboutMe).toHaveBeenCalledWith("p1", "12");
    expect(screen.getByTestId("am-view-contact")).toHaveTextContent("Sarah Evans");
    expect(screen.queryByTestId("about-me-undo")).not.toBeInTheDocument();
    expect(screen.getByTestId("about-me-notice")).toHaveFocus();
  });

  it("shows each part's 'none' sentence for an empty page, and goes back to the record", async () => {
    vi.mocked(commands.aboutMe).mockResolvedValue(EMPTY);
    const { props, user } = setup();
    expect(await screen.findByText("No GP practice added.")).toBeInTheDocument();
    await user.click(screen.getByTestId("about-me-back"));
    expect(props.onback).toHaveBeenCalled();
  });

  it("shows the parts' headings, labels and the roles in the backend's words", async () => {
    const { user } = setup();
    await screen.findByText("Walking my dog every morning");
    const words = vocabulary().aboutMe;
    expect(screen.getByRole("heading", { level: 2, name: words.form.whatMattersHeading })).toBeInTheDocument();
    expect(screen.getByTestId("am-view-practice-from-gp")).toHaveTextContent(words.form.practiceFromGpRecord);
    await user.click(screen.getByTestId("about-me-change"));
    for (const role of words.roles) expect(screen.getByLabelText(role.label)).toBeInTheDocument();
    expect(screen.getByLabelText("Next of kin")).toBeChecked();
    expect(screen.getByLabelText("Carer")).not.toBeChecked();
    expect(screen.getByText(words.form.contactsHint)).toBeInTheDocument();
  });

  it("lists the decisions with their dates, the newest of a kind marked and an older one said to be replaced", async () => {
    vi.mocked(commands.decisions).mockResolvedValue(DECISIONS);
    setup();
    const section = await screen.findByTestId("am-view-decisions");
    expect(within(section).getByRole("heading", { level: 2, name: "Decisions I have made" })).toBeInTheDocument();
    const items = await within(section).findAllByTestId("am-decision");
    expect(items).toHaveLength(3);
    expect(items[0]).toHaveTextContent("Organ donation decision");
    expect(items[0]).toHaveTextContent("Date: 15 March 2024");
    expect(items[0]).toHaveTextContent("Wants to donate their organs and tissue");
    // Only one organ donation decision: nothing to mark.
    expect(within(items[0]).queryByTestId("am-decision-latest")).not.toBeInTheDocument();
    expect(items[1]).toHaveTextContent("ReSPECT form from the hospice");
    expect(within(items[1]).getByTestId("am-decision-latest")).toHaveTextContent("Latest");
    expect(items[1]).toHaveTextContent("respect.pdf");
    expect(within(items[2]).queryByTestId("am-decision-latest")).not.toBeInTheDocument();
    expect(within(items[2]).getByTestId("am-decision-replaced")).toHaveTextContent("A newer ReSPECT form is in this record: this one may no longer apply.");
    expect(commands.decisions).toHaveBeenCalledWith("p1");
  });

  it("says when there are no decisions, and offers to add each kind", async () => {
    setup();
    expect(await screen.findByText("No decisions added.")).toBeInTheDocument();
    for (const k of vocabulary().aboutMe.decisions.kinds) {
      expect(screen.getByRole("button", { name: k.add })).toBeInTheDocument();
    }
    expect(screen.getByRole("button", { name: "Add a ReSPECT form" })).toBeInTheDocument();
  });

  it("opens a decision's page over the page, and Back returns to the link", async () => {
    vi.mocked(commands.decisions).mockResolvedValue(DECISIONS);
    const { user } = setup();
    const link = await screen.findByRole("link", { name: "ReSPECT form from the hospice, 1 October 2026" });
    await user.click(link);
    expect(commands.entry).toHaveBeenCalledWith("p1", "23");
    expect(screen.getByTestId("about-me-page")).not.toBeVisible();
    await user.click(screen.getByRole("link", { name: "Back to What matters to me" }));
    expect(screen.getByTestId("about-me-page")).toBeVisible();
    await waitFor(() => expect(screen.getByRole("link", { name: "ReSPECT form from the hospice, 1 October 2026" })).toHaveFocus());
  });

  it("adds a decision with the own-entry form for its kind, and Cancel returns to its button", async () => {
    vi.mocked(commands.checkOwnEntry).mockResolvedValue([]);
    const { user } = setup();
    await user.click(await screen.findByRole("button", { name: "Add a ReSPECT form" }));
    expect(screen.getByRole("heading", { level: 1, name: "Add a ReSPECT form" })).toHaveFocus();
    expect(screen.getByTestId("own-back")).toHaveTextContent("Back to What matters to me");
    await user.click(screen.getByTestId("own-cancel"));
    await waitFor(() => expect(screen.getByRole("button", { name: "Add a ReSPECT form" })).toHaveFocus());
  });
});
