import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import { appError } from "../../test/ipc-mock";
import OwnEntryEditor from "./OwnEntryEditor.svelte";
import { IBUPROFEN, form } from "./test-data";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

function setup(entry = null as typeof IBUPROFEN | null) {
  const props = { personId: "p1", entry, onsaved: vi.fn(), oncancel: vi.fn() };
  render(OwnEntryEditor, props);
  return { props, user: userEvent.setup() };
}

describe("OwnEntryEditor", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(commands.checkOwnEntry).mockResolvedValue([]);
  });

  it("starts with the kinds in the backend's words, and asks for one before the form", async () => {
    const { user } = setup();
    expect(screen.getByRole("heading", { level: 1, name: "Add to your record" })).toHaveFocus();
    for (const label of ["A condition or illness", "A medicine", "An allergy or reaction", "A vaccination", "An operation or procedure", "A note or diary entry"]) {
      expect(screen.getByLabelText(label)).toBeInTheDocument();
    }
    await user.click(screen.getByTestId("own-kind-continue"));
    expect(screen.getByTestId("error-summary")).toHaveTextContent("Choose what you want to add");
    expect(screen.getByTestId("error-summary")).toHaveFocus();
  });

  it("adds a medicine bought at the chemist with the keyboard, sending only the medicine's fields", async () => {
    vi.mocked(commands.addOwnEntry).mockResolvedValue({ entry: IBUPROFEN, message: "Medicine added." });
    const { props, user } = setup();
    await user.tab();
    await user.keyboard(" ");
    // Radios: the arrow keys move to the next kind.
    await user.keyboard("{ArrowDown}");
    expect(screen.getByLabelText("A medicine")).toBeChecked();
    await user.click(screen.getByTestId("own-kind-continue"));
    expect(screen.getByRole("heading", { level: 1, name: "Add a medicine" })).toHaveFocus();
    // The labels are the backend's.
    await user.type(screen.getByLabelText("Medicine"), "Ibuprofen 200mg tablets");
    await user.click(screen.getByLabelText("Bought without a prescription"));
    await user.type(screen.getByLabelText("Dose (optional)"), "1 tablet");
    await user.type(screen.getByLabelText("How often you take it (optional)"), "up to 3 times a day");
    await user.type(screen.getByLabelText("What you take it for (optional)"), "back pain");
    await user.click(screen.getByLabelText("I still have it, or still take it"));
    await user.type(screen.getByTestId("own-date-day"), "1");
    await user.type(screen.getByTestId("own-date-month"), "5");
    await user.type(screen.getByTestId("own-date-year"), "2026");
    expect(screen.queryByLabelText(/allergic/)).not.toBeInTheDocument();
    await user.click(screen.getByTestId("own-save"));
    await waitFor(() => expect(props.onsaved).toHaveBeenCalledWith({ entry: IBUPROFEN, message: "Medicine added." }));
    expect(commands.checkOwnEntry).toHaveBeenCalledWith(form());
    expect(commands.addOwnEntry).toHaveBeenCalledWith("p1", form());
  });

  it("shows each problem the backend finds at the top and by its field, keeping what was typed", async () => {
    vi.mocked(commands.checkOwnEntry).mockResolvedValue([
      { code: "INVALID_INPUT", message: "Enter what you are allergic to", field: "name" },
      { code: "INVALID_INPUT", message: "The reaction must be 200 characters or fewer (it is 201)", field: "reaction" },
    ]);
    const { user } = setup();
    await user.click(screen.getByLabelText("An allergy or reaction"));
    await user.click(screen.getByTestId("own-kind-continue"));
    await user.type(screen.getByLabelText("What happens to you (optional)"), "x".repeat(201));
    await user.type(screen.getByTestId("own-date-day"), "31");
    await user.type(screen.getByTestId("own-date-month"), "2");
    await user.type(screen.getByTestId("own-date-year"), "2020");
    await user.click(screen.getByTestId("own-save"));
    const summary = await screen.findByTestId("error-summary");
    expect(summary).toHaveFocus();
    expect(within(summary).getByRole("link", { name: "Enter what you are allergic to" })).toHaveAttribute("href", "#own-name");
    expect(within(summary).getByRole("link", { name: /The reaction must be/ })).toHaveAttribute("href", "#own-reaction");
    // The date boxes speak for the date when they do not make one.
    expect(within(summary).getByRole("link", { name: "When it started must be a real date" })).toHaveAttribute("href", "#own-date-day");
    expect(screen.getByLabelText("What you are allergic to")).toHaveAccessibleDescription(/Enter what you are allergic to/);
    expect(screen.getByLabelText("What happens to you (optional)")).toHaveValue("x".repeat(201));
    expect(commands.addOwnEntry).not.toHaveBeenCalled();
  });

  it("places a refusal from saving at its field", async () => {
    vi.mocked(commands.addOwnEntry).mockRejectedValue(await appError("INVALID_INPUT", "name", "Enter the vaccine"));
    const { user } = setup();
    await user.click(screen.getByLabelText("A vaccination"));
    await user.click(screen.getByTestId("own-kind-continue"));
    await user.type(screen.getByLabelText("Vaccine"), "Yellow fever");
    await user.type(screen.getByLabelText("Country, if it was given outside the UK (optional)"), "Kenya");
    await user.click(screen.getByTestId("own-save"));
    expect(await screen.findByTestId("error-summary")).toHaveTextContent("Enter the vaccine");
  });

  it("changes an entry: the form starts filled in and saves through editOwnEntry", async () => {
    const changed = { ...IBUPROFEN, version: 2, form: form({ dose: "2 tablets" }) };
    vi.mocked(commands.editOwnEntry).mockResolvedValue({ entry: changed, message: "Medicine changed." });
    const { props, user } = setup(IBUPROFEN);
    expect(screen.getByRole("heading", { level: 1, name: "Change: Ibuprofen 200mg tablets" })).toBeInTheDocument();
    expect(screen.getByLabelText("Medicine")).toHaveValue("Ibuprofen 200mg tablets");
    expect(screen.getByLabelText("Bought without a prescription")).toBeChecked();
    expect(screen.getByTestId("own-date-year")).toHaveValue("2026");
    const dose = screen.getByLabelText("Dose (optional)");
    await user.clear(dose);
    await user.type(dose, "2 tablets");
    await user.click(screen.getByTestId("own-save"));
    await waitFor(() => expect(props.onsaved).toHaveBeenCalled());
    expect(commands.editOwnEntry).toHaveBeenCalledWith("p1", "own-1", form({ dose: "2 tablets" }));
  });

  it("Cancel leaves without saving", async () => {
    const { props, user } = setup();
    await user.click(screen.getByTestId("own-cancel"));
    expect(props.oncancel).toHaveBeenCalled();
    expect(commands.addOwnEntry).not.toHaveBeenCalled();
  });
});
