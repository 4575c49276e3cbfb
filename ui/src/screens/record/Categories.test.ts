import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import Categories from "./Categories.svelte";
import { ASTHMA, SALBUTAMOL, summary } from "./test-data";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

describe("Categories", () => {
  beforeEach(() => vi.clearAllMocks());

  it("lists the kinds with their counts and shows one kind at a time", async () => {
    vi.mocked(commands.recordSummary).mockResolvedValue(summary());
    vi.mocked(commands.timeline).mockImplementation(async (_p, q) => ({
      entries: q.kinds[0] === "medication" ? [SALBUTAMOL] : [ASTHMA],
      nextCursor: null,
      total: 1,
    }));
    const onkind = vi.fn();
    render(Categories, { personId: "p1", onopen: vi.fn(), onkind });
    const user = userEvent.setup();
    const select = screen.getByTestId("category-kind");
    await waitFor(() => expect(select).toHaveTextContent("Problems and conditions (12)"));
    expect(select).toHaveTextContent("Test results (1,060)");
    expect(await screen.findByRole("link", { name: "Asthma" })).toBeInTheDocument();
    expect(screen.getByTestId("timeline-heading")).toHaveTextContent("Problems and conditions");

    await user.selectOptions(select, "medication");
    expect(await screen.findByRole("link", { name: SALBUTAMOL.title })).toBeInTheDocument();
    expect(vi.mocked(commands.timeline)).toHaveBeenLastCalledWith("p1", expect.objectContaining({ kinds: ["medication"] }));
    expect(onkind).toHaveBeenCalledWith("medication");
  });

  it("starts on the first kind the record has entries of", async () => {
    vi.mocked(commands.recordSummary).mockResolvedValue(summary({ counts: [{ kind: "result", count: 3 }] }));
    vi.mocked(commands.timeline).mockResolvedValue({ entries: [], nextCursor: null, total: 0 });
    render(Categories, { personId: "p1", onopen: vi.fn() });
    await waitFor(() => expect(screen.getByTestId("category-kind")).toHaveValue("result"));
    await waitFor(() =>
      expect(vi.mocked(commands.timeline)).toHaveBeenCalledWith("p1", expect.objectContaining({ kinds: ["result"] })),
    );
  });
});
