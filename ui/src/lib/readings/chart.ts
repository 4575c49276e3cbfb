// What the uPlot chart draws, as plain data and options (no DOM), so it can be
// tested without a canvas. The Rust side has already reduced the series to at
// most one point per pixel; this only lays it out.
import type uPlot from "uplot";
import type { ChartSeries, ReadingKindInfo, Target, Threshold } from "../../ipc";
import type { Urgency } from "../../bindings/Urgency";
import { isRedFlag } from "./advice";
import { chartRows, type ChartRow } from "./values";

export const COLOURS = {
  first: "#005eb8", // NHS blue
  second: "#330072", // NHS purple
  outside: "#d5281b", // NHS red
  band: "rgba(0, 150, 65, 0.14)", // NHS green, faint
  bandEdge: "#007f3b",
  threshold: "#4c6272",
  grid: "#d8dde0",
  text: "#212b32",
  gp: "#212b32", // a filled dark circle with a white ring: a GP reading, named in the key
};

/**
 * The axis text size in CSS pixels: the document's own font size (which the text-size
 * setting and Ctrl + change), a little smaller, never below 14 px.
 */
export function axisFontPx(doc: Pick<Document, "documentElement"> | undefined = typeof document !== "undefined" ? document : undefined): number {
  let base = 16;
  try {
    if (doc && typeof getComputedStyle === "function") {
      const size = parseFloat(getComputedStyle(doc.documentElement).fontSize);
      if (Number.isFinite(size) && size > 0) base = size;
    }
  } catch {
    // No styles to read (a test without layout): the default size.
  }
  return Math.max(14, Math.round(base * 0.875));
}

/**
 * How a red-flag point is drawn: a shape of its own for each urgency, outlined in black, so it
 * never rests on colour alone (the legend and the list under the chart name each in words).
 */
export type FlagShape = "square" | "triangle" | "diamond";
export const FLAG_MARKS: Record<Exclude<Urgency, "none">, { shape: FlagShape; fill: string }> = {
  emergency: { shape: "square", fill: "#d5281b" }, // NHS red
  urgent: { shape: "triangle", fill: "#ed8b00" }, // NHS warm yellow
  soon: { shape: "diamond", fill: "#ffeb3b" }, // NHS yellow
};

/** The mark for an urgency, or null when it is not a red flag. */
export function flagMark(urgency: Urgency | null | undefined): { shape: FlagShape; fill: string } | null {
  if (!isRedFlag(urgency) || urgency === "none") return null;
  return FLAG_MARKS[urgency];
}

/** The outline of a mark centred on (x, y), `r` from its centre to its edge. */
export function flagPath(path: { moveTo(x: number, y: number): void; lineTo(x: number, y: number): void; closePath(): void }, shape: FlagShape, x: number, y: number, r: number): void {
  if (shape === "square") {
    path.moveTo(x - r, y - r);
    path.lineTo(x + r, y - r);
    path.lineTo(x + r, y + r);
    path.lineTo(x - r, y + r);
  } else if (shape === "triangle") {
    path.moveTo(x, y - r * 1.2);
    path.lineTo(x + r * 1.15, y + r * 0.8);
    path.lineTo(x - r * 1.15, y + r * 0.8);
  } else {
    path.moveTo(x, y - r * 1.3);
    path.lineTo(x + r * 1.1, y);
    path.lineTo(x, y + r * 1.3);
    path.lineTo(x - r * 1.1, y);
  }
  path.closePath();
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Axis labels in en-GB, at the detail the visible span needs. */
export function timeLabel(seconds: number, spanSeconds: number): string {
  const d = new Date(seconds * 1000);
  const hhmm = `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
  if (spanSeconds <= 2 * 86_400) return hhmm;
  if (spanSeconds <= 400 * 86_400) return `${d.getDate()} ${MONTHS[d.getMonth()]}`;
  return `${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
}

/**
 * The time axis's labels: each tick's label, left blank where it says the same as the one
 * before (ticks a few hours apart over a week would otherwise read "28 Nov 28 Nov 29 Nov").
 */
export function timeLabels(splits: number[], spanSeconds: number): string[] {
  let previous = "";
  return splits.map((s) => {
    const label = timeLabel(s, spanSeconds);
    const shown = label === previous ? "" : label;
    previous = label;
    return shown;
  });
}

/** The span a time axis shows, from uPlot's x scale (falls back to the data's span). */
function visibleSpan(u: { scales: Record<string, { min?: number | null; max?: number | null }> } | undefined, fallback: number): number {
  const x = u?.scales?.x;
  if (x && typeof x.min === "number" && typeof x.max === "number" && x.max > x.min) return x.max - x.min;
  return fallback;
}

/** The series names shown in the legend and the table. */
export function seriesNames(info: ReadingKindInfo | undefined): [string, string | null] {
  if (info?.hasSecondValue) return ["Systolic", "Diastolic"];
  return [info?.label ?? "Value", null];
}

/**
 * uPlot's aligned data: times, the first series, the second (if any), then the out-of-target
 * marks on the first and (blood pressure) on the second.
 */
export function chartData(series: ChartSeries): uPlot.AlignedData {
  if (series.times.length === 0 && (series.gp ?? []).length > 0) {
    // Only GP readings in this period: uPlot still needs times; the lines are empty and the
    // GP marks are drawn over them.
    const times = (series.gp ?? []).map((p) => p.at);
    const none = times.map(() => null);
    return (series.kind === "bloodPressure" ? [times, none, none, none, none] : [times, none, none]) as uPlot.AlignedData;
  }
  const rows = chartRows(series);
  const times = rows.map((r) => r.t);
  const first = rows.map((r) => r.value);
  const marks = rows.map((r) => r.markAt);
  if (series.values2.length > 0) {
    const second = rows.map((r) => r.value2);
    const marks2 = rows.map((r) => r.markAt2);
    return [times, first, second, marks, marks2] as uPlot.AlignedData;
  }
  return [times, first, marks] as uPlot.AlignedData;
}

/** Draws each red-flag point's mark, over the lines, on its first value (systolic). */
function drawFlags(u: uPlot, rows: ChartRow[], zoom: number) {
  const px = devicePixelRatioOrOne() * zoom;
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  ctx.lineWidth = 2 * px;
  ctx.strokeStyle = COLOURS.text;
  for (const row of rows) {
    const mark = flagMark(row.urgency);
    const v = row.value ?? row.value2;
    if (!mark || v === null) continue;
    const x = u.valToPos(row.t, "x", true);
    const y = u.valToPos(v, "y", true);
    if (!Number.isFinite(x) || !Number.isFinite(y) || x < left - 1 || x > left + width + 1 || y < top - 1 || y > top + height + 1) continue;
    ctx.beginPath();
    flagPath(ctx, mark.shape, x, y, 9 * px);
    ctx.fillStyle = mark.fill;
    ctx.fill();
    ctx.stroke();
  }
  ctx.restore();
}

/**
 * Draws each GP reading as a filled dark circle with a white ring (both numbers of a blood
 * pressure), over the home lines: the key names it "at the GP" and the table has each one.
 */
function drawGp(u: uPlot, series: ChartSeries, zoom: number) {
  const px = devicePixelRatioOrOne() * zoom;
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  for (const p of series.gp ?? []) {
    const x = u.valToPos(p.at, "x", true);
    if (!Number.isFinite(x) || x < left - 1 || x > left + width + 1) continue;
    for (const v of [p.value, p.value2]) {
      if (typeof v !== "number" || !Number.isFinite(v)) continue;
      const y = u.valToPos(v, "y", true);
      if (!Number.isFinite(y) || y < top - 1 || y > top + height + 1) continue;
      ctx.beginPath();
      ctx.arc(x, y, 7 * px, 0, 2 * Math.PI);
      ctx.fillStyle = COLOURS.gp;
      ctx.fill();
      ctx.lineWidth = 2 * px;
      ctx.strokeStyle = "#ffffff";
      ctx.stroke();
    }
  }
  ctx.restore();
}

/**
 * The x range: the period asked for (a week's chart spans the week, labelled by day), widened
 * to hold every home and GP reading; "All" (from 1900) spans the readings themselves.
 */
export function xRange(series: ChartSeries): [number, number] | null {
  const times = [...series.times, ...(series.gp ?? []).map((p) => p.at)].filter((t) => Number.isFinite(t));
  if (times.length === 0) return null;
  let lo = Math.min(...times);
  let hi = Math.max(...times);
  const from = Date.parse(series.from) / 1000;
  const to = Date.parse(series.to) / 1000;
  if (Number.isFinite(from) && Number.isFinite(to) && from > Date.UTC(1950, 0, 1) / 1000 && to > from) {
    lo = Math.min(lo, from);
    hi = Math.max(hi, to);
  }
  if (lo === hi) {
    lo -= 43_200;
    hi += 43_200;
  }
  return [lo, hi];
}

/** The y range: the data (home and GP), the target and the thresholds all in view, with a little room. */
export function yRange(series: ChartSeries): [number, number] {
  const gpValues = (series.gp ?? []).flatMap((p) => [p.value, p.value2]).filter((v): v is number => typeof v === "number");
  const values = [...series.values, ...series.values2, ...gpValues].filter((v) => Number.isFinite(v));
  const t: Target | null | undefined = series.target;
  for (const v of [t?.low, t?.high, t?.low2, t?.high2]) if (typeof v === "number") values.push(v);
  for (const th of series.thresholds) values.push(th.value);
  if (values.length === 0) return [0, 1];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  const pad = (hi - lo) * 0.08;
  return [lo - pad, hi + pad];
}

type Band = { low: number | null; high: number | null };

function bands(target: Target | null | undefined): Band[] {
  if (!target) return [];
  const out: Band[] = [];
  const v = (x: number | null | undefined) => (typeof x === "number" ? x : null);
  if (v(target.low) !== null || v(target.high) !== null) out.push({ low: v(target.low), high: v(target.high) });
  if (v(target.low2) !== null || v(target.high2) !== null) out.push({ low: v(target.low2), high: v(target.high2) });
  return out;
}

/** Draws the target band(s) under the series. */
function drawTarget(u: uPlot, target: Target | null | undefined, zoom: number) {
  const { left, top, width, height } = u.bbox;
  const ctx = u.ctx;
  ctx.save();
  for (const band of bands(target)) {
    const yTop = band.high !== null ? u.valToPos(band.high, "y", true) : top;
    const yBottom = band.low !== null ? u.valToPos(band.low, "y", true) : top + height;
    const y0 = Math.max(top, Math.min(yTop, yBottom));
    const y1 = Math.min(top + height, Math.max(yTop, yBottom));
    ctx.fillStyle = COLOURS.band;
    ctx.fillRect(left, y0, width, y1 - y0);
    ctx.strokeStyle = COLOURS.bandEdge;
    ctx.lineWidth = 1 * devicePixelRatioOrOne() * zoom;
    for (const y of [band.high !== null ? y0 : null, band.low !== null ? y1 : null]) {
      if (y === null) continue;
      ctx.beginPath();
      ctx.moveTo(left, y);
      ctx.lineTo(left + width, y);
      ctx.stroke();
    }
  }
  ctx.restore();
}

/**
 * Draws each threshold as a dashed line. Its name is in the key under the chart, not on the
 * canvas, so no label ever covers a reading.
 */
function drawThresholds(u: uPlot, thresholds: Threshold[], zoom: number) {
  const { left, top, width, height } = u.bbox;
  const ctx = u.ctx;
  const px = devicePixelRatioOrOne() * zoom;
  ctx.save();
  ctx.strokeStyle = COLOURS.threshold;
  ctx.fillStyle = COLOURS.text;
  ctx.lineWidth = 1.5 * px;
  ctx.setLineDash([6 * px, 4 * px]);
  for (const th of thresholds) {
    const y = u.valToPos(th.value, "y", true);
    if (!Number.isFinite(y) || y < top || y > top + height) continue;
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(left + width, y);
    ctx.stroke();
  }
  ctx.restore();
}

function devicePixelRatioOrOne(): number {
  return typeof window !== "undefined" && window.devicePixelRatio ? window.devicePixelRatio : 1;
}

/**
 * The uPlot options for a series, `width` by `height` CSS pixels at the page's text size.
 *
 * `zoom` is that text size (2 at 200%). The text size is a CSS zoom on <html>, and uPlot
 * places its cursor from the pointer's position in zoomed pixels but draws it in its own:
 * at 200% the cursor ran off to the newest point wherever the pointer was. So the chart is
 * drawn un-zoomed (UPlotChart undoes the zoom on its box) at `zoom` times the size, text,
 * points and lines included, and looks the same size as the page around it.
 */
export function chartOptions(
  series: ChartSeries,
  info: ReadingKindInfo | undefined,
  cssWidth: number,
  cssHeight: number,
  zoom = 1,
): uPlot.Options {
  const width = Math.round(cssWidth * zoom);
  const height = Math.round(cssHeight * zoom);
  const [firstName, secondName] = seriesNames(info);
  const unit = info?.unitLabel ?? series.unit;
  const xr = xRange(series);
  const span = xr ? Math.max(1, xr[1] - xr[0]) : 1;
  const range = yRange(series);
  const fontPx = axisFontPx() * zoom;
  const font = `${fontPx}px arial, sans-serif`;
  const labelFont = `bold ${fontPx}px arial, sans-serif`;
  const line = (label: string, stroke: string): uPlot.Series => ({
    label,
    stroke,
    width: 2 * zoom,
    spanGaps: false,
    points: { show: true, size: 6 * zoom, width: zoom, stroke, fill: "#fff" },
  });
  const seriesOpts: uPlot.Series[] = [{}, line(firstName, COLOURS.first)];
  if (secondName && series.values2.length > 0) seriesOpts.push(line(secondName, COLOURS.second));
  const outsideMarks = (label: string): uPlot.Series => ({
    label,
    stroke: COLOURS.outside,
    paths: () => null,
    points: { show: true, size: 11 * zoom, width: 2 * zoom, stroke: COLOURS.outside, fill: COLOURS.outside },
  });
  seriesOpts.push(outsideMarks("Outside your target"));
  if (secondName && series.values2.length > 0) seriesOpts.push(outsideMarks("Outside your target (diastolic)"));
  const rows = chartRows(series);
  return {
    width,
    height,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: xr ? { time: true, range: () => xr } : { time: true },
      y: { range: () => range },
    },
    axes: [
      {
        stroke: COLOURS.text,
        grid: { stroke: COLOURS.grid, width: zoom },
        ticks: { size: 10 * zoom, width: zoom },
        font,
        // Room for a label the size of the text, and ticks far enough apart that labels never touch.
        size: Math.round(fontPx * 2.6),
        space: fontPx * 6,
        values: (u, splits) => timeLabels(splits, visibleSpan(u as never, span)),
      },
      {
        stroke: COLOURS.text,
        grid: { stroke: COLOURS.grid, width: zoom },
        ticks: { size: 10 * zoom, width: zoom },
        font,
        labelFont,
        label: unit,
        labelSize: Math.round(fontPx * 1.6),
        size: Math.round(fontPx * 3.8),
        space: fontPx * 2.5,
      },
    ],
    series: seriesOpts,
    hooks: {
      drawAxes: [(u) => drawTarget(u, series.target, zoom)],
      draw: [(u) => drawThresholds(u, series.thresholds, zoom), (u) => drawGp(u, series, zoom), (u) => drawFlags(u, rows, zoom)],
    },
  };
}

/**
 * uPlot builds an Intl.NumberFormat from navigator.language when it loads. Under a C or POSIX
 * locale (Linux with LANG=C) WebKitGTK reports "C", which Intl refuses, and the import throws.
 * The app speaks en-GB anyway, so it falls back to that tag. Returns the tag in force.
 */
export function languageUPlotAccepts(nav: { language: string }): string {
  try {
    new Intl.NumberFormat(nav.language);
  } catch {
    Object.defineProperty(nav, "language", { value: "en-GB", configurable: true });
  }
  return nav.language;
}
