import { render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import ImportReport from "./ImportReport.svelte";
import { report } from "./test-data";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));
vi.mock("../../ipc", async (io) => (await import("../../test/ipc-mock")).mockIpc(io));

describe("ImportReport", () => {
  it("says what a carer's import kept private, in the backend's words, with the outcome", () => {
    const line = "3 entries were kept private for Margaret: only Margaret can see them.";
    const r = report();
    render(ImportReport, { report: { ...r, outcome: { ...r.outcome, keptPrivate: line } } });
    const said = screen.getByTestId("import-kept-private");
    expect(said).toHaveTextContent(line);
    expect(screen.getByTestId("import-outcome")).toContainElement(said);
  });

  it("says nothing about private entries when nothing was kept private", () => {
    render(ImportReport, { report: report() });
    expect(screen.queryByTestId("import-kept-private")).toBeNull();
  });
});
