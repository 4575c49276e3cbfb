import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import ReceiptKept from "./ReceiptKept.svelte";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));
vi.mock("../../ipc", async (io) => (await import("../../test/ipc-mock")).mockIpc(io));

const KEPT = {
  personId: "p1",
  receipt: "7KQM-2XD9",
  give: "Give this receipt code to Sarah: 7KQM-2XD9",
  whatItDoes: "When they type it into their app, their copy of your record is removed. Until then, they still have it.",
  given: "I have given the code",
};

describe("ReceiptKept", () => {
  beforeEach(() => vi.clearAllMocks());

  it("shows the kept receipt code with who to give it to, until the person says it was given", async () => {
    vi.mocked(commands.handoverReceipt).mockResolvedValue(KEPT);
    vi.mocked(commands.handoverReceiptGiven).mockResolvedValue(undefined as never);
    render(ReceiptKept, { personId: "p1" });
    expect(await screen.findByTestId("receipt-kept-give")).toHaveTextContent("Give this receipt code to Sarah: 7KQM-2XD9");
    await userEvent.setup().click(screen.getByRole("button", { name: "I have given the code" }));
    expect(vi.mocked(commands.handoverReceiptGiven)).toHaveBeenCalledWith("p1");
    await waitFor(() => expect(screen.queryByTestId("receipt-kept")).toBeNull());
  });

  it("says so when the kept code cannot be read, instead of showing nothing", async () => {
    vi.mocked(commands.handoverReceipt).mockRejectedValue({
      code: "KEY_FILE_DAMAGED",
      message: "The receipt code kept for this record cannot be read: the file that keeps it was changed or damaged.",
      field: null,
    });
    render(ReceiptKept, { personId: "p1" });
    expect(await screen.findByTestId("receipt-kept-problem")).toHaveTextContent("cannot be read");
    expect(screen.queryByTestId("receipt-kept")).toBeNull();
  });

  it("shows nothing for a record with no kept receipt", async () => {
    vi.mocked(commands.handoverReceipt).mockResolvedValue(null);
    render(ReceiptKept, { personId: "p1" });
    await waitFor(() => expect(vi.mocked(commands.handoverReceipt)).toHaveBeenCalledWith("p1"));
    expect(screen.queryByTestId("receipt-kept")).toBeNull();
  });
});
