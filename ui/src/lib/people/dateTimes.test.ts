// The app's one en-GB form of dates and times, on both sides: the samples are written by Rust
// (crates/phr-app/tests/carer_activity.rs, from phr_core::en_gb), which the activity list and
// `phr carer activity` use; the UI's formatters must write the same text for each.
import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "../../format";
import samples from "../../test/date-times.json";

describe("dates and times read the same wherever they are written", () => {
  it("runs in the zone the samples were written for", () => {
    expect(process.env.TZ).toBe(samples.zone);
  });

  it.each(samples.dateTimes)("$at reads as $text", ({ at, text }) => {
    expect(formatDateTime(at)).toBe(text);
  });

  it.each(samples.dates)("$iso reads as $text", ({ iso, text }) => {
    expect(formatDate(iso)).toBe(text);
  });
});
