import { describe, expect, it } from "vitest";
import { FLAG_MARKS, axisFontPx, chartData, chartOptions, xRange, flagMark, flagPath, languageUPlotAccepts, timeLabel, timeLabels, yRange } from "./chart";
import { customRange, fromParts, isoFromFields, localParts, offsetOf, rangeFor, toRfc3339 } from "./time";
import { chartRows, num, statsSentence, targetText, unitText } from "./values";
import { BP, GLUCOSE, series } from "../../screens/readings/fixtures";

// Tests run in Europe/London (vite.config.ts): GMT in winter, BST (+01:00) in summer.
describe("reading times", () => {
  it("writes local moments as RFC 3339 with the offset in force then", () => {
    expect(toRfc3339(new Date(2026, 10, 23, 8, 5))).toBe("2026-11-23T08:05:00+00:00");
    expect(toRfc3339(new Date(2026, 6, 1, 19, 45))).toBe("2026-07-01T19:45:00+01:00");
    expect(offsetOf(new Date(2026, 6, 1))).toBe("+01:00");
  });

  it("reads the form's fields, naming the one that is wrong", () => {
    const parts = localParts(new Date(2026, 10, 23, 8, 5));
    expect(parts).toEqual({ day: "23", month: "11", year: "2026", time: "08:05" });
    const ok = fromParts({ ...parts, time: "7.30" });
    expect(ok.ok && toRfc3339(ok.at)).toBe("2026-11-23T07:30:00+00:00");
    expect(fromParts({ ...parts, day: "31", month: "2" })).toMatchObject({ ok: false, field: "date" });
    expect(fromParts({ day: "", month: "", year: "", time: "08:00" })).toMatchObject({ ok: false, field: "date" });
    expect(fromParts({ ...parts, time: "24:00" })).toMatchObject({ ok: false, field: "time" });
    expect(fromParts({ ...parts, time: "8" })).toMatchObject({ ok: false, field: "time" });
  });

  it("turns optional date fields into ISO dates", () => {
    expect(isoFromFields("", "", "")).toBe("");
    expect(isoFromFields("5", "7", "1948")).toBe("1948-07-05");
    expect(isoFromFields("30", "2", "2026")).toBeNull();
    expect(isoFromFields("1", "1", "26")).toBeNull();
  });

  it("ranges run from the start of the first day to the end of today", () => {
    const now = new Date(2026, 10, 23, 12, 0);
    expect(rangeFor("day", now)).toEqual({ from: "2026-11-23T00:00:00+00:00", to: "2026-11-23T23:59:59+00:00" });
    expect(rangeFor("week", now).from).toBe("2026-11-17T00:00:00+00:00");
    expect(rangeFor("year", now).from).toBe("2025-11-23T00:00:00+00:00");
    expect(rangeFor("5years", now).from).toBe("2021-11-23T00:00:00+00:00");
    expect(rangeFor("all", now).from.startsWith("1900-01-01T00:00:00")).toBe(true);
    expect(customRange("2026-06-01", "2026-06-30")).toEqual({ from: "2026-06-01T00:00:00+01:00", to: "2026-06-30T23:59:59+01:00" });
  });
});

describe("reading values", () => {
  it("formats numbers en-GB, without needless decimals", () => {
    expect(num(128)).toBe("128");
    expect(num(6.25)).toBe("6.3");
    expect(num(105120, 0)).toBe("105,120");
    expect(num(null)).toBe("");
    expect(unitText("mm[Hg]")).toBe("mmHg");
    expect(unitText("Cel")).toBe("°C");
    expect(unitText("{score}")).toBe("out of 10");
    expect(unitText("x")).toBe("x");
  });

  it("describes stats in a sentence", () => {
    expect(statsSentence({ kind: "bloodGlucose", unit: "mmol/L", count: 0 }, GLUCOSE)).toBe("No readings in this period.");
    expect(statsSentence({ kind: "bloodGlucose", unit: "mmol/L", count: 1, mean: 6.04, min: 6.04, max: 6.04 }, GLUCOSE)).toBe(
      "1 reading. Average 6 mmol/L; lowest 6; highest 6.",
    );
  });

  it("says a target in words", () => {
    const t = { kind: "bloodPressure" as const, high: 135, high2: 85 };
    expect(targetText(t, BP)).toBe("Your target: at most 135 (systolic), at most 85 (diastolic) mmHg");
    expect(targetText({ kind: "bloodGlucose", low: 4, high: 7 }, GLUCOSE)).toBe("Your target: 4 to 7 mmol/L");
    expect(targetText({ kind: "bloodGlucose" }, GLUCOSE)).toBe("");
  });

  it("makes one table row per chart point, flagged as the backend flags it", () => {
    const rows = chartRows(
      series({ target: { kind: "bloodPressure", high: 140, high2: 90 }, outside: [false, true, true], outside2: [false, false, true] }),
    );
    expect(rows.map((r) => [r.value, r.value2, r.outside, r.markAt, r.markAt2])).toEqual([
      [128, 82, false, null, null],
      [141, 88, true, 141, null],
      [150, 95, true, 150, 95],
    ]);
  });
});

describe("chart layout", () => {
  it("feeds uPlot times, both series and the out-of-target marks on each", () => {
    const s = series({ target: { kind: "bloodPressure", high: 140 }, outside: [false, true, true] });
    const data = chartData(s);
    expect(data).toHaveLength(5);
    expect(data[0]).toEqual(s.times);
    expect(data[3]).toEqual([null, 141, 150]);
    expect(data[4]).toEqual([null, null, null]);
    // Only the diastolic is outside: the mark goes on the diastolic line.
    const low = chartData(
      series({ values: [120], values2: [95], times: [1], target: { kind: "bloodPressure", high: 140, high2: 90 }, outside: [false], outside2: [true] }),
    );
    expect(low[3]).toEqual([null]);
    expect(low[4]).toEqual([95]);
    // Both outside: both are marked.
    const both = chartData(
      series({ values: [150], values2: [95], times: [1], target: { kind: "bloodPressure", high: 140, high2: 90 }, outside: [true], outside2: [true] }),
    );
    expect([both[3], both[4]]).toEqual([[150], [95]]);
    const single = chartData(series({ kind: "weight", values2: [], values: [80, 81, 82], outside2: [] }));
    expect(single).toHaveLength(3);
  });

  it("keeps targets and thresholds in view", () => {
    const [lo, hi] = yRange(series({ values: [120, 125, 130], values2: [70, 75, 80], target: { kind: "bloodPressure", low: 60 }, thresholds: [{ label: "t", value: 135, series: 1, about: "", source: "", url: "" }] }));
    expect(lo).toBeLessThan(60);
    expect(hi).toBeGreaterThan(135);
    expect(yRange(series({ times: [], values: [], values2: [], thresholds: [] }))).toEqual([0, 1]);
  });

  it("labels the time axis in en-GB at the detail the span needs", () => {
    const t = new Date(2026, 10, 23, 8, 5).getTime() / 1000;
    expect(timeLabel(t, 3600)).toBe("08:05");
    expect(timeLabel(t, 30 * 86_400)).toBe("23 Nov");
    expect(timeLabel(t, 1000 * 86_400)).toBe("Nov 2026");
  });

  it("leaves out a time-axis label that repeats the one before", () => {
    const day = new Date(2026, 10, 28, 0, 0).getTime() / 1000;
    const ticks = [0, 12, 24, 36, 48].map((h) => day + h * 3600);
    expect(timeLabels(ticks, 7 * 86_400)).toEqual(["28 Nov", "", "29 Nov", "", "30 Nov"]);
  });

  it("sets up uPlot without its own legend, with a time x axis and the unit on y", () => {
    const opts = chartOptions(series(), BP, 800, 300);
    expect(opts.width).toBe(800);
    expect(opts.legend?.show).toBe(false);
    expect(opts.scales?.x?.time).toBe(true);
    expect(opts.axes?.[1].label).toBe("mmHg");
    expect(opts.hooks?.drawAxes).toHaveLength(1);
    // The thresholds, then the GP readings, then the red-flag marks over the lines.
    expect(opts.hooks?.draw).toHaveLength(3);
    expect(opts.series.map((x) => x.label)).toEqual([undefined, "Systolic", "Diastolic", "Outside your target", "Outside your target (diastolic)"]);
  });

  it("draws a red-flag point as a shape of its own for each urgency, not by colour alone", () => {
    expect(flagMark("emergency")?.shape).toBe("square");
    expect(flagMark("urgent")?.shape).toBe("triangle");
    expect(flagMark("soon")?.shape).toBe("diamond");
    // Outside the usual range only is not a red flag: no mark.
    expect(flagMark("none")).toBeNull();
    expect(flagMark(null)).toBeNull();
    const shapes = new Set(Object.values(FLAG_MARKS).map((m) => m.shape));
    expect(shapes.size).toBe(3);
    // The per-point urgency reaches the rows the chart and its table use.
    const rows = chartRows(series({ urgency: [null, "none", "urgent"] }));
    expect(rows.map((r) => r.urgency)).toEqual([null, "none", "urgent"]);

    // The shape is drawn centred on the point, outlined: a closed path of 3 or 4 corners.
    const calls: string[] = [];
    const path = { moveTo: () => calls.push("M"), lineTo: () => calls.push("L"), closePath: () => calls.push("Z") };
    flagPath(path, "triangle", 10, 10, 5);
    expect(calls.join("")).toBe("MLLZ");
    calls.length = 0;
    flagPath(path, "square", 10, 10, 5);
    expect(calls.join("")).toBe("MLLLZ");
  });

  it("gives uPlot a language tag Intl accepts (LANG=C makes WebKitGTK report \"C\")", () => {
    expect(languageUPlotAccepts({ language: "C" })).toBe("en-GB");
    expect(languageUPlotAccepts({ language: "cy-GB" })).toBe("cy-GB");
  });

  it("keeps GP readings in view on both axes, and draws a chart of GP readings alone", () => {
    const gp = [{ at: 5_000_000, when: "", value: 190, value2: 50, display: "190/50 mmHg", originLabel: "at the GP", entryId: "e" as never }];
    // "All": from 1900, so the readings set the span.
    const s = series({ from: "1900-01-01T00:00:00+00:00", times: [1_000_000, 2_000_000], values: [120, 125], values2: [70, 75], outside: [false, false], outside2: [false, false], urgency: [null, null], thresholds: [], gp });
    expect(xRange(s)).toEqual([1_000_000, 5_000_000]);
    // A week asked for spans the week, even when the readings sit in two days of it.
    const week = series({ from: "2026-11-17T00:00:00+00:00", to: "2026-11-23T23:59:59+00:00", times: [Date.UTC(2026, 10, 20) / 1000, Date.UTC(2026, 10, 21) / 1000], values: [1, 2], values2: [], outside: [false, false], outside2: [], urgency: [null, null], gp: [] });
    expect(xRange(week)).toEqual([Date.UTC(2026, 10, 17) / 1000, Date.UTC(2026, 10, 23, 23, 59, 59) / 1000]);
    const [lo, hi] = yRange(s);
    expect(lo).toBeLessThan(50);
    expect(hi).toBeGreaterThan(190);
    const alone = chartData(series({ times: [], values: [], values2: [], outside: [], outside2: [], urgency: [], gp }));
    expect(alone[0]).toEqual([5_000_000]);
    expect(alone[1]).toEqual([null]);
  });

  it("sizes the axis text from the document's text size, not a fixed 11 px", () => {
    const doc = { documentElement: document.documentElement };
    document.documentElement.style.fontSize = "24px";
    expect(axisFontPx(doc)).toBe(21);
    const opts = chartOptions(series(), BP, 800, 300);
    expect(opts.axes?.[0].font).toBe("21px arial, sans-serif");
    document.documentElement.style.fontSize = "";
    expect(axisFontPx(doc)).toBeGreaterThanOrEqual(14);
  });

  it("at a larger text size, draws the chart un-zoomed at that many times the size, text and points included", () => {
    // The text size is a CSS zoom on <html>; UPlotChart undoes it on the chart's box so that
    // uPlot's cursor follows the pointer, and the chart is drawn larger instead.
    const normal = chartOptions(series(), BP, 800, 300);
    const large = chartOptions(series(), BP, 800, 300, 2);
    expect([large.width, large.height]).toEqual([1600, 600]);
    expect(large.axes?.[0].font).toBe(`${axisFontPx() * 2}px arial, sans-serif`);
    expect(Math.abs((large.axes?.[0].size as number) - (normal.axes?.[0].size as number) * 2)).toBeLessThanOrEqual(1);
    expect(large.axes?.[0].space).toBe((normal.axes?.[0].space as number) * 2);
    expect(large.series[1].points?.size).toBe((normal.series[1].points?.size as number) * 2);
    expect(large.series[1].width).toBe((normal.series[1].width as number) * 2);
  });

  it("labels a week's axis by day and a year's by month, never the same label twice in a row", () => {
    const day = new Date(2026, 10, 23, 0, 0).getTime() / 1000;
    const week = [0, 1, 2, 3, 4, 5, 6].map((d) => day + d * 86_400);
    const labels = timeLabels(week, 7 * 86_400);
    expect(labels[0]).toBe("23 Nov");
    expect(labels.every((l) => l !== "00:00")).toBe(true);
    const months = [0, 1, 2].map((m) => new Date(2026, m, 1).getTime() / 1000);
    expect(timeLabels(months, 500 * 86_400)).toEqual(["Jan 2026", "Feb 2026", "Mar 2026"]);
  });
});
