import { render, screen, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
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
});
