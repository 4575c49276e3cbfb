import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import * as commands from "../commands";
import RecoveryKey from "./RecoveryKey.svelte";

vi.mock("../commands", async (io) => (await import("../test/ipc-mock")).mockCommands(io));

const KEY = "7K3M-9QXD-2HFA-8BCD-4WRT-6JKP-XYZ";

function setup() {
  const oncontinue = vi.fn();
  render(RecoveryKey, { recoveryKey: KEY, oncontinue });
  return { oncontinue, user: userEvent.setup() };
}

describe("RecoveryKey", () => {
  it("shows the key in groups, exactly as given", () => {
    setup();
    expect(screen.getByRole("heading", { level: 1 })).toHaveFocus();
    expect(screen.getByTestId("recovery-key").textContent).toBe(KEY);
    expect(screen.getByTestId("recovery-key").querySelectorAll(".app-recovery-key__group")).toHaveLength(7);
    expect(screen.getByText("The 3 characters after the last dash.")).toBeInTheDocument();
  });

  it("will not continue until the last group is typed", async () => {
    const { user, oncontinue } = setup();
    await user.click(screen.getByTestId("recovery-continue"));
    expect(oncontinue).not.toHaveBeenCalled();
    expect(screen.getByTestId("recovery-confirm-input")).toHaveAccessibleDescription(/Type the last group/);

    await user.type(screen.getByTestId("recovery-confirm-input"), "6JKP");
    await user.click(screen.getByTestId("recovery-continue"));
    expect(oncontinue).not.toHaveBeenCalled();
    expect(screen.getByTestId("error-summary")).toHaveTextContent("does not match the last group");
  });

  it("continues when the last group matches, in any case", async () => {
    const { user, oncontinue } = setup();
    await user.type(screen.getByTestId("recovery-confirm-input"), "xyz{Enter}");
    expect(oncontinue).toHaveBeenCalledTimes(1);
  });

  it("saves the key's page as a PDF to print, says in the password's words what it is for, and to delete the file after", async () => {
    expect.hasAssertions();
    const print = vi.spyOn(window, "print").mockImplementation(() => {});
    vi.mocked(commands.saveRecoveryKeyPdf).mockResolvedValue({ handle: "h1", displayName: "recovery-key.pdf", count: 1 });
    const { user } = setup();
    expect(document.body).toHaveTextContent("If you forget your password");
    expect(document.body).not.toHaveTextContent(/passphrase/i);
    await user.click(screen.getByTestId("recovery-key-pdf-button"));
    expect(commands.saveRecoveryKeyPdf).toHaveBeenCalledWith(KEY);
    const saved = await screen.findByTestId("recovery-key-pdf-saved");
    expect(saved).toHaveTextContent("Saved as recovery-key.pdf");
    expect(saved).toHaveTextContent("delete the PDF file");
    await user.click(screen.getByTestId("recovery-key-pdf-open"));
    expect(commands.openSavedPdf).toHaveBeenCalledWith("h1");
    expect(print).not.toHaveBeenCalled();
  });
});
