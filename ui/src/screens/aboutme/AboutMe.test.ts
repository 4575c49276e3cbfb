import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import { person } from "../../test/ipc-mock";
import { EMPTY, SAVED } from "../../lib/aboutme/test-data";
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
});
