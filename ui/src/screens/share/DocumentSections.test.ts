import { render, screen, within } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { SharedDocument } from "../../ipc";
import { urgentBpAdvice } from "../readings/fixtures";
import DocumentSections from "./DocumentSections.svelte";

const advice = urgentBpAdvice();

const DOC: SharedDocument = {
  patient: { name: "Margaret Evans", birthDate: "1948-07-05", nhsNumber: "9434765919" },
  sections: [
    {
      kind: "result",
      title: "Test results",
      rows: [
        { resourceId: "urn:uuid:bp1", entryId: "bp1", title: "Blood pressure", date: "2026-10-02", status: "final", valueText: "186/122 mmHg", flag: null, advice },
        { resourceId: "urn:uuid:k1", entryId: "k1", title: "Serum potassium", date: "2026-10-14", status: "final", valueText: "4.2 mmol/L", flag: null },
      ],
    },
  ],
  readings: [
    {
      kind: "bloodPressure",
      rows: [
        { at: "2026-11-21T08:00:00Z", valueText: "185/122 mmHg, pulse 88", advice },
        { at: "2026-11-20T08:00:00Z", valueText: "132/84 mmHg, pulse 68" },
      ],
    },
  ],
  consent: null,
  whatMatters: null,
};

describe("DocumentSections", () => {
  it("a shared row the red-flag table flags says 'Red flag: urgent' in words, in entries and readings alike", () => {
    render(DocumentSections, { document: DOC });
    const rows = screen.getAllByTestId("shared-row");
    expect(within(rows[0]).getByTestId("shared-red-flag")).toHaveTextContent("Red flag: urgent: Very high blood pressure");
    expect(within(rows[1]).queryByTestId("shared-red-flag")).toBeNull();
    const readings = screen.getAllByTestId("shared-reading");
    expect(within(readings[0]).getByTestId("shared-red-flag")).toHaveTextContent("Red flag: urgent");
    expect(within(readings[1]).queryByTestId("shared-red-flag")).toBeNull();
  });

  it("says no What matters to me section when the share does not hold one", () => {
    render(DocumentSections, { document: DOC });
    expect(screen.queryByTestId("section-what-matters")).toBeNull();
  });

  it("shows What matters to me in plain words, each row with its own tick in the preview", async () => {
    const ontoggle = vi.fn();
    const doc: SharedDocument = {
      ...DOC,
      whatMatters: [
        { resourceId: "urn:uuid:g1", entryId: "21", what: "Matters most to me", words: "Walking my dog every day" },
        { resourceId: "urn:uuid:c1", entryId: "22", what: "Next of kin", words: "Mary Jones. Son or daughter" },
      ],
    };
    render(DocumentSections, { document: doc, unticked: ["22"], ontoggle });
    const section = screen.getByTestId("section-what-matters");
    expect(within(section).getByRole("heading", { level: 3 })).toHaveTextContent("What matters to me (2 items)");
    const rows = within(section).getAllByTestId("what-matters-row");
    expect(rows[0]).toHaveTextContent("Matters most to me");
    expect(rows[0]).toHaveTextContent("Walking my dog every day");
    const next = within(rows[1]).getByRole("checkbox", { name: "Include Next of kin: Mary Jones. Son or daughter" });
    expect(next).not.toBeChecked();
    next.click();
    expect(ontoggle).toHaveBeenCalledWith("22", true);
  });

  it("says when What matters to me was ticked but holds nothing", () => {
    render(DocumentSections, { document: { ...DOC, whatMatters: [] } });
    expect(screen.getByTestId("what-matters-empty")).toHaveTextContent("None in this share.");
  });
});
