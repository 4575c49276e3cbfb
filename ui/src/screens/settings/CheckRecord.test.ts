import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import { appError } from "../../test/ipc-mock";
import CheckRecord from "./CheckRecord.svelte";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

const whole = {
  ok: true,
  summary: "No damage found. Your record is whole.",
  advice: null,
  people: [{ personId: "p1", personName: "Margaret Evans", ok: true, problem: null }],
};

describe("Check my record for damage", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    vi.mocked(commands.onCheckProgress).mockResolvedValue(() => {});
  });

  it("says in the backend's words that the record is whole", async () => {
    vi.mocked(commands.checkRecord).mockResolvedValue(whole);
    render(CheckRecord);
    await userEvent.click(screen.getByRole("button", { name: "Check my record for damage" }));
    expect(await screen.findByText("No damage found. Your record is whole.")).toBeTruthy();
    expect(commands.checkRecord).toHaveBeenCalledOnce();
  });

  it("names a damaged record and says what to do", async () => {
    vi.mocked(commands.checkRecord).mockResolvedValue({
      ok: false,
      summary: "Damage found in the record of Margaret Evans.",
      advice: "Restore your record from your latest backup.",
      people: [{ personId: "p1", personName: "Margaret Evans", ok: false, problem: "encryption check failed" }],
    });
    render(CheckRecord);
    await userEvent.click(screen.getByRole("button", { name: "Check my record for damage" }));
    expect(await screen.findByText("Damage found in the record of Margaret Evans.")).toBeTruthy();
    expect(screen.getByText("Restore your record from your latest backup.")).toBeTruthy();
  });

  it("shows how far it has got while it runs", async () => {
    let finish: (r: typeof whole) => void = () => {};
    vi.mocked(commands.onCheckProgress).mockImplementation(async (handler) => {
      handler({ done: 1, total: 3 });
      return () => {};
    });
    vi.mocked(commands.checkRecord).mockReturnValue(new Promise((r) => (finish = r)));
    render(CheckRecord);
    await userEvent.click(screen.getByRole("button", { name: "Check my record for damage" }));
    expect(await screen.findByText("Checked 1 of 3 records.")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Checking your record…" })).toHaveProperty("disabled", true);
    finish(whole);
    await waitFor(() => expect(screen.getByText("No damage found. Your record is whole.")).toBeTruthy());
  });

  it("says when the check could not run", async () => {
    vi.mocked(commands.checkRecord).mockRejectedValue(await appError("VAULT_LOCKED"));
    render(CheckRecord);
    await userEvent.click(screen.getByRole("button", { name: "Check my record for damage" }));
    await waitFor(() => expect(screen.getByTestId("check-result").textContent).not.toBe(""));
  });
});
