import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../commands";
import { appError, status } from "../test/ipc-mock";
import Setup from "./Setup.svelte";

vi.mock("../commands", async (io) => (await import("../test/ipc-mock")).mockCommands(io));

function setup() {
  const props = { oncreated: vi.fn(), onrestore: vi.fn(), onexists: vi.fn() };
  render(Setup, props);
  return { props, user: userEvent.setup() };
}

describe("Setup (first run)", () => {
  beforeEach(() => {
    vi.clearAllMocks();
  });

  it("moves focus to its heading and explains the app", () => {
    setup();
    expect(screen.getByRole("heading", { level: 1, name: "Set up My Health Record" })).toHaveFocus();
    expect(screen.getByText(/keeps health information/)).toBeInTheDocument();
  });

  it("shows the backend's strength hint as the passphrase is typed", async () => {
    vi.mocked(commands.passphraseStrength).mockResolvedValue({
      score: 0,
      label: "Weak",
      acceptable: false,
      advice: ["Use at least 10 characters."],
    });
    const { user } = setup();
    await user.type(screen.getByTestId("passphrase"), "abc");
    await waitFor(() =>
      expect(screen.getByTestId("passphrase-strength")).toHaveTextContent("Strength: Weak. Use at least 10 characters."),
    );
    expect(vi.mocked(commands.passphraseStrength)).toHaveBeenLastCalledWith("abc");
    expect(vi.mocked(commands.createVault)).not.toHaveBeenCalled();
  });

  it("shows the backend's reason when it refuses a weak passphrase", async () => {
    const reason = "This passphrase would be too easy to guess. Avoid the same letter or number again and again, like aaa or 111.";
    vi.mocked(commands.createVault).mockRejectedValue(await appError("PASSPHRASE_TOO_WEAK", "passphrase", reason));
    const { user } = setup();
    await user.type(screen.getByTestId("passphrase"), "aaaaaaaaaaaa");
    await user.type(screen.getByTestId("passphrase-confirm"), "aaaaaaaaaaaa");
    await user.click(screen.getByTestId("create-vault"));
    await waitFor(() => expect(screen.getByTestId("error-summary")).toHaveTextContent(reason));
    expect(screen.getByTestId("passphrase")).toHaveAccessibleDescription(/like aaa or 111/);
  });

  it("checks the minimum length and the confirmation next to the fields", async () => {
    const { user } = setup();
    await user.type(screen.getByTestId("passphrase"), "too short");
    await user.click(screen.getByTestId("create-vault"));
    const summary = screen.getByTestId("error-summary");
    expect(summary).toHaveTextContent("at least 10 characters");
    expect(summary).toHaveFocus();
    expect(screen.getByTestId("passphrase")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("passphrase")).toHaveAccessibleDescription(/at least 10 characters/);

    await user.type(screen.getByTestId("passphrase"), " but now long");
    await user.type(screen.getByTestId("passphrase-confirm"), "something else");
    await user.click(screen.getByTestId("create-vault"));
    expect(screen.getByTestId("passphrase-confirm")).toHaveAccessibleDescription(/do not match/);
    expect(vi.mocked(commands.createVault)).not.toHaveBeenCalled();
  });

  it("fills in a suggested password and shows it", async () => {
    vi.mocked(commands.suggestPassphrase).mockResolvedValue("otter lantern gravel");
    const { user } = setup();
    await user.click(screen.getByRole("button", { name: "Suggest a password" }));
    await waitFor(() => expect(screen.getByTestId("passphrase")).toHaveValue("otter lantern gravel"));
    expect(screen.getByTestId("passphrase")).toHaveAttribute("type", "text");
    expect(screen.getByText(/Write it down, then type it again below/)).toBeInTheDocument();
  });

  it("sends the passphrase once, on submit", async () => {
    const created = { recoveryKey: "7K3M-9QXD-2HFA-8BCD-4WRT-6JKP-XYZ", status: status({ unlocked: true }) };
    vi.mocked(commands.createVault).mockResolvedValue(created);
    const { user, props } = setup();
    await user.type(screen.getByTestId("passphrase"), "maple harbour quiet");
    await user.type(screen.getByTestId("passphrase-confirm"), "maple harbour quiet");
    await user.click(screen.getByTestId("create-vault"));
    await waitFor(() => expect(props.oncreated).toHaveBeenCalledWith(created));
    expect(vi.mocked(commands.createVault)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(commands.createVault)).toHaveBeenCalledWith("maple harbour quiet");
  });

  it("shows a backend error next to its field", async () => {
    vi.mocked(commands.createVault).mockRejectedValue(await appError("PASSPHRASE_TOO_SHORT", "passphrase"));
    const { user } = setup();
    await user.type(screen.getByTestId("passphrase"), "0123456789");
    await user.type(screen.getByTestId("passphrase-confirm"), "0123456789");
    await user.click(screen.getByTestId("create-vault"));
    await waitFor(() =>
      expect(screen.getByTestId("passphrase")).toHaveAccessibleDescription(/at least 10 characters/),
    );
  });

  it("offers to restore from a backup", async () => {
    const { user, props } = setup();
    await user.click(screen.getByRole("button", { name: "Restore from a backup" }));
    expect(props.onrestore).toHaveBeenCalled();
  });
});
