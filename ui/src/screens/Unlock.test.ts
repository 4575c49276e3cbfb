import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../commands";
import { appError, status } from "../test/ipc-mock";
import Unlock from "./Unlock.svelte";
import Recover from "./Recover.svelte";

vi.mock("../commands", async (io) => (await import("../test/ipc-mock")).mockCommands(io));

describe("Unlock", () => {
  beforeEach(() => {
    vi.clearAllMocks();
  });

  it("opens at the top of the page with the passphrase box ready to type in", () => {
    document.documentElement.scrollTop = 400;
    render(Unlock, { onunlocked: vi.fn(), onforgot: vi.fn() });
    expect(screen.getByTestId("unlock-passphrase")).toHaveFocus();
    expect(screen.getByLabelText("Password")).toHaveFocus();
    expect(document.documentElement.scrollTop).toBe(0);
  });

  it("says a wrong passphrase is wrong, next to the field", async () => {
    vi.mocked(commands.unlock).mockRejectedValue(await appError("WRONG_PASSPHRASE", "passphrase"));
    const onunlocked = vi.fn();
    render(Unlock, { onunlocked, onforgot: vi.fn() });
    const user = userEvent.setup();
    expect(screen.getByTestId("unlock-passphrase")).toHaveFocus();
    await user.type(screen.getByTestId("unlock-passphrase"), "not it{Enter}");
    const error = await screen.findByTestId("unlock-error");
    expect(error).toHaveTextContent("That password is not right. Check Caps Lock and try again.");
    expect(screen.getByTestId("unlock-passphrase")).toHaveAttribute("aria-describedby", "unlock-passphrase-error");
    expect(screen.getByTestId("error-summary")).toHaveFocus();
    expect(onunlocked).not.toHaveBeenCalled();
  });

  it("shows problems that are not about the passphrase in the summary only", async () => {
    vi.mocked(commands.unlock).mockRejectedValue(await appError("KEY_FILE_DAMAGED"));
    render(Unlock, { onunlocked: vi.fn(), onforgot: vi.fn() });
    const user = userEvent.setup();
    await user.type(screen.getByTestId("unlock-passphrase"), "anything at all{Enter}");
    await waitFor(() => expect(screen.getByTestId("error-summary")).toHaveTextContent(/damaged/));
    expect(screen.queryByTestId("unlock-error")).toBeNull();
  });

  it("unlocks", async () => {
    const s = status({ unlocked: true });
    vi.mocked(commands.unlock).mockResolvedValue(s);
    const onunlocked = vi.fn();
    render(Unlock, { onunlocked, onforgot: vi.fn(), notice: "We locked your record." });
    expect(screen.getByTestId("lock-notice")).toHaveTextContent("We locked your record.");
    const user = userEvent.setup();
    await user.type(screen.getByTestId("unlock-passphrase"), "correct horse battery");
    await user.click(screen.getByTestId("unlock-submit"));
    await waitFor(() => expect(onunlocked).toHaveBeenCalledWith(s));
    expect(vi.mocked(commands.unlock)).toHaveBeenCalledWith("correct horse battery");
  });

  it("links to recovery", async () => {
    const onforgot = vi.fn();
    render(Unlock, { onunlocked: vi.fn(), onforgot });
    await userEvent.setup().click(screen.getByRole("button", { name: "I forgot my password" }));
    expect(onforgot).toHaveBeenCalled();
  });
});

describe("Recover", () => {
  beforeEach(() => {
    vi.clearAllMocks();
  });

  it("puts a wrong recovery key error next to the key", async () => {
    vi.mocked(commands.recover).mockRejectedValue(await appError("WRONG_RECOVERY_KEY", "recoveryKey"));
    render(Recover, { onrecovered: vi.fn(), oncancel: vi.fn() });
    const user = userEvent.setup();
    await user.type(screen.getByTestId("recovery-key-input"), "7K3M-9QXD-2HFA-8BCD-4WRT-6JKP-XYY");
    await user.type(screen.getByTestId("new-passphrase"), "a new passphrase");
    await user.type(screen.getByTestId("new-passphrase-confirm"), "a new passphrase");
    await user.click(screen.getByTestId("recover-submit"));
    await waitFor(() =>
      expect(screen.getByTestId("recovery-key-input")).toHaveAccessibleDescription(/does not open this record/),
    );
    expect(vi.mocked(commands.recover)).toHaveBeenCalledWith("7K3M-9QXD-2HFA-8BCD-4WRT-6JKP-XYY", "a new passphrase");
  });

  it("shows the backend's own words for a malformed key", async () => {
    vi.mocked(commands.recover).mockRejectedValue(
      await appError("RECOVERY_KEY_MALFORMED", "recoveryKey", "A recovery key has 27 characters."),
    );
    render(Recover, { onrecovered: vi.fn(), oncancel: vi.fn() });
    const user = userEvent.setup();
    await user.type(screen.getByTestId("recovery-key-input"), "ABC");
    await user.type(screen.getByTestId("new-passphrase"), "a new passphrase");
    await user.type(screen.getByTestId("new-passphrase-confirm"), "a new passphrase");
    await user.click(screen.getByTestId("recover-submit"));
    await waitFor(() =>
      expect(screen.getByTestId("recovery-key-input")).toHaveAccessibleDescription(/27 characters/),
    );
  });

  it("checks the new passphrase before sending anything", async () => {
    render(Recover, { onrecovered: vi.fn(), oncancel: vi.fn() });
    const user = userEvent.setup();
    await user.click(screen.getByTestId("recover-submit"));
    const summary = screen.getByTestId("error-summary");
    expect(summary).toHaveTextContent("Enter your recovery key.");
    expect(summary).toHaveTextContent("Enter a new password.");
    expect(vi.mocked(commands.recover)).not.toHaveBeenCalled();
  });
});
