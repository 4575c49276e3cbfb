import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import type { About as AboutData } from "../../bindings/About";
import generated from "../../test/about.json";
import About from "./About.svelte";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

describe("About", () => {
  it("shows the backend's versions and words, and goes back", async () => {
    const about = generated as AboutData;
    vi.mocked(commands.about).mockResolvedValue(about);
    const onback = vi.fn();
    render(About, { backText: "Back", onback });
    await waitFor(() => expect(screen.getByTestId("about-title")).toHaveTextContent(about.title));
    expect(screen.getByTestId("about-title")).toHaveFocus();
    const rows = screen.getByTestId("about-versions");
    for (const row of about.rows) {
      expect(rows).toHaveTextContent(row.label);
      expect(rows).toHaveTextContent(row.value);
    }
    expect(screen.getByTestId("about-privacy")).toHaveTextContent(about.privacy);
    await userEvent.setup().click(screen.getByTestId("about-back"));
    expect(onback).toHaveBeenCalled();
  });
});
