import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as ipc from "../../ipc";
import * as commands from "../../commands";
import Search from "./Search.svelte";
import { ASTHMA, SALBUTAMOL } from "./test-data";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

const part = (text: string, match = false) => ({ text, match });

const HITS: ipc.SearchHit[] = [
  { entry: ASTHMA, snippet: [part("Asthma", true), part(", reviewed at the "), part("asthma", true), part(" clinic")] },
  { entry: SALBUTAMOL, snippet: [part("Reliever for <img src=x onerror=alert(1)> "), part("asthma", true)] },
];

function setup() {
  const props = { personId: "p1", onopen: vi.fn(), debounceMs: 0 };
  render(Search, props);
  return { props, user: userEvent.setup() };
}

describe("Search", () => {
  beforeEach(() => vi.clearAllMocks());

  it("searches as you type and highlights the matches as text", async () => {
    vi.mocked(commands.searchRecord).mockResolvedValue(HITS);
    const { user } = setup();
    await user.type(screen.getByTestId("record-search"), "asthma");
    await waitFor(() => expect(screen.getByTestId("search-count")).toHaveTextContent('2 results for "asthma".'));
    expect(vi.mocked(commands.searchRecord)).toHaveBeenLastCalledWith("p1", "asthma", 50);
    const snippets = screen.getAllByTestId("search-snippet");
    expect(within(snippets[0]).getAllByText(/asthma/i, { selector: "mark" }).map((m) => m.textContent)).toEqual([
      "Asthma",
      "asthma",
    ]);
    expect(snippets[0]).toHaveTextContent("Asthma, reviewed at the asthma clinic");
    // Untrusted text stays text: no element is made from it.
    expect(snippets[1].querySelector("img")).toBeNull();
    expect(snippets[1]).toHaveTextContent("Reliever for <img src=x onerror=alert(1)> asthma");
  });

  it("shows brackets and accented letters in a title as text, highlighting only the matches", async () => {
    const title = "Sjögren [primary] syndrome ]review[";
    const hit = {
      entry: { ...ASTHMA, title },
      snippet: [part("Sjögren", true), part(" [primary] syndrome ]review[")],
    };
    vi.mocked(commands.searchRecord).mockResolvedValue([hit]);
    const { user } = setup();
    await user.type(screen.getByTestId("record-search"), "sjögren");
    const [snippet] = await screen.findAllByTestId("search-snippet");
    expect(snippet.textContent).toBe(title);
    expect(Array.from(snippet.querySelectorAll("mark")).map((m) => m.textContent)).toEqual(["Sjögren"]);
  });

  it("waits for typing to pause before searching", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      vi.mocked(commands.searchRecord).mockResolvedValue(HITS);
      render(Search, { personId: "p1", onopen: vi.fn(), debounceMs: 300 });
      const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime, delay: 10 });
      await user.type(screen.getByTestId("record-search"), "ast");
      expect(vi.mocked(commands.searchRecord)).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(400);
      expect(vi.mocked(commands.searchRecord)).toHaveBeenCalledTimes(1);
      expect(vi.mocked(commands.searchRecord)).toHaveBeenCalledWith("p1", "ast", 50);
    } finally {
      vi.useRealTimers();
    }
  });

  it("Enter opens the first result; the arrow keys move between results", async () => {
    vi.mocked(commands.searchRecord).mockResolvedValue(HITS);
    const { props, user } = setup();
    await user.type(screen.getByTestId("record-search"), "asthma");
    await screen.findAllByTestId("search-snippet");
    await user.keyboard("{ArrowDown}");
    expect(screen.getByRole("link", { name: "Asthma" })).toHaveFocus();
    await user.keyboard("{ArrowDown}");
    expect(screen.getByRole("link", { name: SALBUTAMOL.title })).toHaveFocus();
    await user.keyboard("{ArrowUp}{ArrowUp}");
    expect(screen.getByTestId("record-search")).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(props.onopen).toHaveBeenCalledWith(ASTHMA);
  });

  it("says when nothing is found", async () => {
    vi.mocked(commands.searchRecord).mockResolvedValue([]);
    const { user } = setup();
    await user.type(screen.getByTestId("record-search"), "zebra");
    await waitFor(() => expect(screen.getByTestId("search-count")).toHaveTextContent('Nothing found for "zebra".'));
  });

  it("says what lay words were searched as", async () => {
    vi.mocked(commands.searchRecord).mockResolvedValue(HITS);
    vi.mocked(commands.searchHelp).mockResolvedValue({
      understood: ["Also searched for influenza (flu jab)"],
      suggestions: [],
      heading: "",
    });
    const { user } = setup();
    await user.type(screen.getByTestId("record-search"), "flu jab");
    await waitFor(() => expect(screen.getByTestId("search-understood")).toHaveTextContent("Also searched for influenza (flu jab)"));
    expect(vi.mocked(commands.searchHelp)).toHaveBeenLastCalledWith("p1", "flu jab");
    expect(screen.queryByTestId("search-suggestions")).toBeNull();
  });

  it("offers the nearest words when nothing is found, and runs one when chosen", async () => {
    vi.mocked(commands.searchRecord).mockImplementation(async (_p, q) => (q === "hypertension" ? HITS : []));
    vi.mocked(commands.searchHelp).mockImplementation(async (_p, q) =>
      q === "hypertention"
        ? { understood: [], suggestions: ["hypertension"], heading: "Did you mean:" }
        : { understood: [], suggestions: [], heading: "" },
    );
    const { user } = setup();
    await user.type(screen.getByTestId("record-search"), "hypertention");
    const box = await screen.findByTestId("search-suggestions");
    expect(screen.getByTestId("search-count")).toHaveTextContent('Nothing found for "hypertention".');
    expect(box).toHaveTextContent("Did you mean:");
    await user.click(within(box).getByRole("button", { name: "hypertension" }));
    await waitFor(() => expect(screen.getByTestId("search-count")).toHaveTextContent('2 results for "hypertension".'));
    expect(screen.getByTestId("record-search")).toHaveValue("hypertension");
    expect(screen.queryByTestId("search-suggestions")).toBeNull();
  });

  it("searches without help when the help cannot be had", async () => {
    vi.mocked(commands.searchRecord).mockResolvedValue([]);
    vi.mocked(commands.searchHelp).mockRejectedValue(new Error("no"));
    const { user } = setup();
    await user.type(screen.getByTestId("record-search"), "zebra");
    await waitFor(() => expect(screen.getByTestId("search-count")).toHaveTextContent('Nothing found for "zebra".'));
    expect(screen.queryByTestId("search-suggestions")).toBeNull();
  });
});
