import { describe, expect, it } from "vitest";
import {
  ageInYears,
  formatAge,
  formatBytes,
  formatDate,
  formatDateLong,
  formatDateTime,
  formatNhsNumber,
  parseIsoDate,
  plural,
  toIsoDate,
} from "./format";

const on = (iso: string) => parseIsoDate(iso)!;

describe("formatDate", () => {
  it("writes dates the en-GB way", () => {
    expect(formatDate("1948-07-05")).toBe("5 Jul 1948");
    expect(formatDate("2026-11-23")).toBe("23 Nov 2026");
    expect(formatDate("2001-09-11")).toBe("11 Sep 2001");
    expect(formatDateLong("2001-09-11")).toBe("11 September 2001");
  });
  it("leaves text that is not a real date alone", () => {
    expect(formatDate("2023-02-29")).toBe("2023-02-29");
    expect(formatDate("yesterday")).toBe("yesterday");
  });
  it("knows leap years", () => {
    expect(parseIsoDate("2024-02-29")).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseIsoDate("1900-02-29")).toBeNull();
    expect(parseIsoDate("2000-02-29")).not.toBeNull();
  });
  it("round-trips ISO dates", () => {
    expect(toIsoDate({ year: 984, month: 3, day: 4 })).toBe("0984-03-04");
  });
});

describe("formatDateTime (time zone Europe/London in tests)", () => {
  it("writes day, short month, year and 24-hour time", () => {
    expect(formatDateTime("2026-11-23T14:05:00Z")).toBe("23 Nov 2026, 14:05");
  });
  it("shows local time in summer (BST)", () => {
    expect(formatDateTime("2026-07-01T13:05:09+00:00")).toBe("1 Jul 2026, 14:05");
  });
  it("pads minutes and hours", () => {
    expect(formatDateTime("2026-01-02T03:04:00Z")).toBe("2 Jan 2026, 03:04");
  });
  it("leaves a bad timestamp alone", () => {
    expect(formatDateTime("not a time")).toBe("not a time");
  });
});

describe("age", () => {
  it("counts whole years", () => {
    expect(ageInYears("1948-07-05", on("2026-11-23"))).toBe(78);
    expect(ageInYears("1948-11-24", on("2026-11-23"))).toBe(77);
    expect(ageInYears("1948-11-23", on("2026-11-23"))).toBe(78);
    expect(formatAge("1948-07-05", on("2026-11-23"))).toBe("78 years");
  });
  it("treats a 29 February birthday as reached on 28 February", () => {
    expect(ageInYears("2000-02-29", on("2025-02-28"))).toBe(25);
    expect(ageInYears("2000-02-29", on("2025-02-27"))).toBe(24);
  });
  it("uses months under 2, then weeks and days", () => {
    expect(formatAge("2025-05-23", on("2026-11-23"))).toBe("18 months");
    expect(formatAge("2026-10-23", on("2026-11-23"))).toBe("1 month");
    expect(formatAge("2026-11-02", on("2026-11-23"))).toBe("3 weeks");
    expect(formatAge("2026-11-22", on("2026-11-23"))).toBe("1 day");
    expect(formatAge("2024-11-23", on("2026-11-23"))).toBe("2 years");
  });
  it("has no age for a date in the future", () => {
    expect(ageInYears("2030-01-01", on("2026-11-23"))).toBeNull();
    expect(formatAge("2030-01-01", on("2026-11-23"))).toBe("");
  });
});

describe("NHS numbers, sizes and counts", () => {
  it("groups NHS numbers 3 3 4", () => {
    expect(formatNhsNumber("9434765919")).toBe("943 476 5919");
    expect(formatNhsNumber("943-476-5919")).toBe("943 476 5919");
    expect(formatNhsNumber("12345")).toBe("12345");
  });
  it("writes sizes in KB, MB and GB", () => {
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(512)).toBe("512 bytes");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(482_304)).toBe("471 KB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5 MB");
    expect(formatBytes(3.25 * 1024 ** 3)).toBe("3.3 GB");
  });
  it("pluralises", () => {
    expect(plural(1, "person", "people")).toBe("1 person");
    expect(plural(2, "person", "people")).toBe("2 people");
    expect(plural(1200, "entry", "entries")).toBe("1,200 entries");
  });
});
