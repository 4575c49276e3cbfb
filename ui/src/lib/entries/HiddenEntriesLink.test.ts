import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import { ASTHMA, PENICILLIN } from "../../screens/record/test-data";
import HiddenEntriesLink from "./HiddenEntriesLink.svelte";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

describe("HiddenEntriesLink", () => {
  beforeEach(() => vi.clearAllMocks());

  it("says how many entries the person hid and lists them on request", async () => {
    vi.mocked(commands.hiddenEntries).mockResolvedValue({ entries: [ASTHMA, PENICILLIN] });
    const onopen = vi.fn();
    render(HiddenEntriesLink, { personId: "p1", onopen });
    const user = userEvent.setup();
    expect(await screen.findByTestId("hidden-entries")).toHaveTextContent("2 entries hidden by you.");
    const toggle = screen.getByRole("button", { name: "Show them" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    await user.click(toggle);
    expect(screen.getByTestId("hidden-entries-list")).toHaveTextContent("Asthma");
    expect(screen.getByText(/still in your record, and in exports/)).toBeInTheDocument();
    await user.click(screen.getByRole("link", { name: "Penicillin" }));
    expect(onopen).toHaveBeenCalledWith(PENICILLIN);
  });

  it("shows nothing when nothing is hidden", async () => {
    vi.mocked(commands.hiddenEntries).mockResolvedValue({ entries: [] });
    render(HiddenEntriesLink, { personId: "p1", onopen: vi.fn() });
    await Promise.resolve();
    expect(screen.queryByTestId("hidden-entries")).not.toBeInTheDocument();
  });
});
