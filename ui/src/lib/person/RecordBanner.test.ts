import { render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { person } from "../../test/ipc-mock";
import RecordBanner from "./RecordBanner.svelte";

const caredFor = {
  kind: "caredFor",
  relationship: "mother",
  relationshipLabel: "Mother",
  basis: "consent",
  basisLabel: "They agreed to it",
  basisDate: "2026-11-23",
  basisRef: null,
  reviewOn: "2027-11-23",
  reviewDue: false,
};

describe("RecordBanner", () => {
  it("says whose record is open for someone cared for", () => {
    render(RecordBanner, {
      person: person({
        name: "Margaret Jones",
        role: caredFor,
        roleWords: "Your mother",
        banner: "You are looking after Margaret Jones's record (your mother).",
      }),
    });
    expect(screen.getByTestId("record-banner")).toHaveTextContent(
      "You are looking after Margaret Jones's record (your mother).",
    );
    expect(screen.queryByTestId("record-banner-review")).toBeNull();
  });

  it("adds the review prompt when the review is due", () => {
    render(RecordBanner, {
      person: person({
        role: { ...caredFor, reviewDue: true },
        banner: "You are looking after Margaret Jones's record (your mother).",
        prompt: "It is time to check that you still have the right to look after Margaret Jones's record.",
      }),
    });
    expect(screen.getByTestId("record-banner-review")).toHaveTextContent(/time to check/);
  });

  it("shows nothing on the holder's own record", () => {
    render(RecordBanner, { person: person() });
    expect(screen.queryByTestId("record-banner")).toBeNull();
  });
});
