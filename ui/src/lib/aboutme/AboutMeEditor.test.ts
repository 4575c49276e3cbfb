import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import type { AboutMe } from "../../bindings/AboutMe";
import AboutMeEditor from "./AboutMeEditor.svelte";
import { EMPTY, SAVED } from "./test-data";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

function setup(about: AboutMe = EMPTY) {
  const props = { personId: "p1", about, onsaved: vi.fn(), oncancel: vi.fn() };
  render(AboutMeEditor, props);
  return { props, user: userEvent.setup() };
}

const savedAnswer = { aboutMe: SAVED, message: "Saved.", undoToken: null };

describe("AboutMeEditor", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(commands.checkAboutMe).mockResolvedValue([]);
    vi.mocked(commands.setAboutMe).mockResolvedValue(savedAnswer);
  });

  it("shows each part under the backend's heading, with its 'none' sentence", () => {
    setup();
    expect(screen.getByRole("heading", { level: 1 })).toHaveFocus();
    for (const heading of ["What matters most", "Contacts", "GP practice", "Communication needs"]) {
      expect(screen.getByRole("heading", { level: 2, name: heading })).toBeInTheDocument();
    }
    expect(screen.getByText("No contacts added.")).toBeInTheDocument();
  });

  it("adds a thing that matters, an emergency contact and an interpreter with the keyboard, and saves them", async () => {
    const { props, user } = setup();
    await user.click(screen.getByTestId("am-what-add"));
    expect(screen.getByLabelText("The first thing that matters most")).toHaveFocus();
    await user.keyboard("Walking my dog every morning");

    await user.click(screen.getByTestId("am-contact-add"));
    expect(screen.getByLabelText("Name")).toHaveFocus();
    await user.keyboard("Sarah Evans");
    await user.selectOptions(screen.getByLabelText("Who they are to you (optional)"), "Son or daughter");
    await user.click(screen.getByLabelText("Next of kin"));
    await user.click(screen.getByLabelText("Emergency contact"));
    await user.type(screen.getByLabelText("Phone number"), "07700 900123");

    await user.click(screen.getByTestId("am-need-add"));
    expect(screen.getByLabelText("Communication need 1")).toHaveFocus();
    await user.selectOptions(screen.getByLabelText("Communication need 1"), "A spoken language interpreter");
    // The detail box is the backend's, for the needs that ask for one.
    await user.type(screen.getByLabelText("Language"), "Polish");

    await user.click(screen.getByTestId("am-save"));
    await waitFor(() => expect(props.onsaved).toHaveBeenCalledWith(savedAnswer));
    const form = vi.mocked(commands.setAboutMe).mock.calls[0][1];
    expect(commands.checkAboutMe).toHaveBeenCalledWith(form);
    expect(form.whatMatters).toEqual([{ id: null, text: "Walking my dog every morning" }]);
    expect(form.contacts[0]).toMatchObject({ name: "Sarah Evans", relationship: "child", phone: "07700 900123", nextOfKin: true, carer: false, emergency: true });
    expect(form.needs).toEqual([{ id: null, kind: "interpreter", detail: "Polish", text: "" }]);
    expect(form.gpPractice).toBeNull();
  });

  it("shows the backend's problems at the top and by each input, and saves nothing", async () => {
    vi.mocked(commands.checkAboutMe).mockResolvedValue([
      { error: { code: "INVALID_INPUT", message: "Enter a phone number for an emergency contact", field: "phone" }, part: "contact", index: 0 },
    ]);
    const { user } = setup();
    await user.click(screen.getByTestId("am-contact-add"));
    await user.keyboard("Sarah Evans");
    await user.click(screen.getByLabelText("Emergency contact"));
    await user.click(screen.getByTestId("am-save"));
    const summary = await screen.findByTestId("error-summary");
    expect(summary).toHaveFocus();
    expect(summary).toHaveTextContent("Enter a phone number for an emergency contact");
    expect(screen.getByLabelText("Phone number")).toHaveAccessibleDescription(/Enter a phone number for an emergency contact/);
    expect(commands.setAboutMe).not.toHaveBeenCalled();
  });

  it("asks for the need before sending a need with none chosen", async () => {
    const { user } = setup();
    await user.click(screen.getByTestId("am-need-add"));
    await user.click(screen.getByTestId("am-save"));
    expect(await screen.findByTestId("error-summary")).toHaveTextContent("Choose the need, or remove this one");
    expect(commands.setAboutMe).not.toHaveBeenCalled();
  });

  it("removes an item from the form, sending the rest, and keeps the GP record's practice unsaved", async () => {
    const { user } = setup(SAVED);
    expect(screen.getByTestId("am-practice-from-gp")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Remove Sarah Evans" }));
    expect(screen.queryByDisplayValue("Sarah Evans")).not.toBeInTheDocument();
    expect(screen.getByTestId("am-contact-add")).toHaveFocus();
    await user.click(screen.getByTestId("am-save"));
    await waitFor(() => expect(commands.setAboutMe).toHaveBeenCalled());
    const form = vi.mocked(commands.setAboutMe).mock.calls[0][1];
    expect(form.contacts).toEqual([]);
    expect(form.whatMatters).toHaveLength(1);
    expect(form.gpPractice).toMatchObject({ name: "Riverside Surgery", fromGpRecord: true });
  });

  it("offers no more than the backend's limit of things that matter", async () => {
    const { user } = setup();
    for (let i = 0; i < 3; i++) await user.click(screen.getByTestId("am-what-add"));
    expect(screen.queryByTestId("am-what-add")).not.toBeInTheDocument();
  });
});
