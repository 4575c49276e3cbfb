import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import { appError } from "../../test/ipc-mock";
import OwnEntryActions from "./OwnEntryActions.svelte";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

function setup(addedBy = "Added by you") {
  const props = { personId: "p1", entryId: "own-1", addedBy, title: "Peanuts", onchange: vi.fn(), ondeleted: vi.fn() };
  render(OwnEntryActions, props);
  return { props, user: userEvent.setup() };
}

describe("OwnEntryActions", () => {
  beforeEach(() => vi.clearAllMocks());

  it("says who added it in the backend's words, and Change asks for the form", async () => {
    const { props, user } = setup("Added by Sarah (carer)");
    expect(screen.getByTestId("own-added-by")).toHaveTextContent("Added by Sarah (carer)");
    expect(screen.getByTestId("own-added-by")).toHaveTextContent("Your GP did not record this.");
    await user.click(screen.getByTestId("own-change"));
    expect(props.onchange).toHaveBeenCalled();
  });

  it("'No, keep it' deletes nothing; the question starts on it", async () => {
    const { props, user } = setup();
    await user.click(screen.getByTestId("own-delete"));
    const dialog = screen.getByTestId("own-delete-dialog");
    expect(within(dialog).getByText(/You can undo this straight after/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "No, keep it" }));
    expect(commands.deleteOwnEntry).not.toHaveBeenCalled();
    expect(props.ondeleted).not.toHaveBeenCalled();
  });

  it("a refusal to delete is said in the question, and nothing is reported deleted", async () => {
    vi.mocked(commands.deleteOwnEntry).mockRejectedValue(await appError("CARER_NOT_ALLOWED", null, "Margaret has not allowed this."));
    const { props, user } = setup();
    await user.click(screen.getByTestId("own-delete"));
    await user.click(screen.getByTestId("own-delete-confirm"));
    expect(await within(screen.getByTestId("own-delete-dialog")).findByRole("alert")).toHaveTextContent(/\S/);
    expect(props.ondeleted).not.toHaveBeenCalled();
  });
});
