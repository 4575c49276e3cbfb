import { render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import type { BackgroundCheck } from "../../bindings/BackgroundCheck";
import DamageNotice from "./DamageNotice.svelte";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

const ADVICE =
  "Restore your record from your latest backup. Anything added since that backup will need adding again. Until then, do not add to or change the damaged record.";

function found(damaged: string[]): BackgroundCheck {
  if (damaged.length === 0) return { running: false, damage: null };
  return {
    running: false,
    damage: {
      ok: false,
      summary: "Damage found in the record of Margaret Evans.",
      advice: ADVICE,
      people: damaged.map((id) => ({ personId: id, personName: "Margaret Evans", ok: false, problem: "Damaged." })),
    },
  };
}

describe("DamageNotice", () => {
  beforeEach(() => vi.mocked(commands.backgroundCheck).mockReset());

  it("on People, says which record is damaged and what to do, in the backend's words", async () => {
    vi.mocked(commands.backgroundCheck).mockResolvedValue(found(["p1"]));
    render(DamageNotice, {});
    const notice = await screen.findByTestId("damage-notice");
    expect(notice).toHaveTextContent("Damage found in the record of Margaret Evans.");
    expect(notice).toHaveTextContent(ADVICE);
    expect(notice).toHaveAttribute("role", "alert");
  });

  it("on a person's page, shows only that person's damage", async () => {
    vi.mocked(commands.backgroundCheck).mockResolvedValue(found(["p1"]));
    render(DamageNotice, { personId: "p2" });
    await waitFor(() => expect(commands.backgroundCheck).toHaveBeenCalled());
    expect(screen.queryByTestId("damage-notice")).toBeNull();
  });

  it("shows nothing when no damage was found, and asks again until it is", async () => {
    vi.useFakeTimers();
    try {
      vi.mocked(commands.backgroundCheck).mockResolvedValueOnce(found([])).mockResolvedValue(found(["p1"]));
      render(DamageNotice, { personId: "p1", every: 1000 });
      await vi.advanceTimersByTimeAsync(0);
      expect(screen.queryByTestId("damage-notice")).toBeNull();
      await vi.advanceTimersByTimeAsync(1000);
      expect(screen.getByTestId("damage-notice")).toHaveTextContent(ADVICE);
    } finally {
      vi.useRealTimers();
    }
  });
});
