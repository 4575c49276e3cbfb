import { describe, expect, it } from "vitest";
import {
  entryDate,
  flagText,
  groupByMonth,
  showingText,
  sourceText,
  statusText,
} from "./labels";

describe("record labels", () => {
  it("reads FHIR's partial dates in en-GB", () => {
    expect(entryDate("2020")).toBe("2020");
    expect(entryDate("2020-03")).toBe("Mar 2020");
    expect(entryDate("2020-03-04")).toBe("4 Mar 2020");
    expect(entryDate("2020-03-04T10:00:00+00:00")).toBe("4 Mar 2020");
    expect(entryDate(null)).toBe("");
  });

  it("groups consecutive entries by month, undated last", () => {
    const groups = groupByMonth([
      { date: "2026-10-14T09:30:00Z" },
      { date: "2026-10-01" },
      { date: "2026" },
      { date: "2019-03-01" },
      { date: null },
    ]);
    expect(groups.map((g) => [g.label, g.items.length])).toEqual([
      ["October 2026", 2],
      ["2026 (month not recorded)", 1],
      ["March 2019", 1],
      ["Date not recorded", 1],
    ]);
  });

  it("spells out flags and statuses", () => {
    expect(flagText("High")).toBe("High: above the normal range");
    expect(flagText("L")).toBe("Low: below the normal range");
    expect(flagText(null, true)).toBe("Abnormal: outside the normal range");
    expect(flagText(null)).toBe("");
    expect(flagText("Critically high", true)).toBe("Critically high: far above the normal range");
    expect(flagText("Negative", false)).toBe("Negative: the test did not find what it looks for");
    expect(statusText("entered-in-error")).toBe("Entered in error");
    expect(statusText("preliminary")).toBe("Not the final result yet");
    expect(statusText("something-new")).toBe("Something new");
  });

  it("says where an entry came from", () => {
    expect(sourceText({ kind: "gp", name: "Beech House", odsCode: "A1", url: null })).toBe(
      "Beech House (GP practice, organisation code A1)",
    );
    expect(sourceText({ kind: "file", name: "a.json", odsCode: null, url: null })).toBe("the file a.json");
    expect(sourceText({ kind: "file", name: "Files you imported", odsCode: null, url: null })).toBe(
      "files you imported",
    );
  });

  it("counts what is shown", () => {
    expect(showingText(50, 1111)).toBe("Showing 50 of 1,111 entries");
    expect(showingText(3, 3)).toBe("Showing all 3 entries");
    expect(showingText(0, 0)).toBe("No entries");
  });
});
