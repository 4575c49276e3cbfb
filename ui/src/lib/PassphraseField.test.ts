import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../commands";
import type { PassphraseStrength } from "../bindings/PassphraseStrength";
import PassphraseField from "./PassphraseField.svelte";

vi.mock("../commands", async (io) => (await import("../test/ipc-mock")).mockCommands(io));

const weak: PassphraseStrength = {
  score: 0,
  label: "Weak",
  acceptable: false,
  advice: ["This is one of the most used passwords. Choose something else.", "Add another word or two."],
};
const strong: PassphraseStrength = { score: 4, label: "Strong", acceptable: true, advice: [] };

describe("PassphraseField's strength hint", () => {
  beforeEach(() => vi.clearAllMocks());

  it("shows the backend's estimate, label and advice word for word", async () => {
    vi.mocked(commands.passphraseStrength).mockImplementation(async (p: string) => (p.includes(" ") ? strong : weak));
    const user = userEvent.setup();
    render(PassphraseField, { id: "p", label: "Passphrase", value: "", showStrength: true, testid: "p" });
    expect(screen.getByTestId("p-strength")).toHaveTextContent("");

    await user.type(screen.getByTestId("p"), "password123");
    await waitFor(() =>
      expect(screen.getByTestId("p-strength")).toHaveTextContent(
        "Strength: Weak. This is one of the most used passwords. Choose something else. Add another word or two.",
      ),
    );
    expect(vi.mocked(commands.passphraseStrength)).toHaveBeenLastCalledWith("password123");

    await user.type(screen.getByTestId("p"), " otter lantern");
    await waitFor(() => expect(screen.getByTestId("p-strength")).toHaveTextContent("Strength: Strong."));
    expect(vi.mocked(commands.passphraseStrength)).toHaveBeenLastCalledWith("password123 otter lantern");
  });

  it("asks nothing when there is no hint to show", async () => {
    const user = userEvent.setup();
    render(PassphraseField, { id: "p", label: "Passphrase", value: "", testid: "p" });
    await user.type(screen.getByTestId("p"), "otter lantern gravel");
    await new Promise((r) => setTimeout(r, 300));
    expect(vi.mocked(commands.passphraseStrength)).not.toHaveBeenCalled();
  });
});
