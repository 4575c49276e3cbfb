// The text size of the whole interface: Ctrl + / Ctrl − / Ctrl 0 and the Settings choice.
// The allowed sizes and their words come from the backend's vocabulary (`textSizes`); the
// choice is saved by the backend in a preferences file outside the vault, so the unlock
// screen opens at the chosen size. The size is a CSS zoom on <html>: it scales text, spacing
// and the charts (drawn in CSS pixels) alike, in WebKitGTK and in Chromium.
import * as commands from "../commands";
import { vocabulary } from "./vocabulary";

/** The size now shown, as a percentage of normal. */
export const textSize = $state({ percent: 100 });

/** The sizes a person may choose, smallest first. */
export function textSizeSteps(): number[] {
  return vocabulary()
    .textSizes.map((s) => s.percent)
    .sort((a, b) => a - b);
}

/** The normal size (the first step): where Ctrl 0 goes back to. */
export function normalTextSize(): number {
  return textSizeSteps()[0] ?? 100;
}

/** The step one up (+1) or one down (−1) from `current`, staying at the ends. */
export function stepFrom(current: number, direction: 1 | -1, steps: number[] = textSizeSteps()): number {
  if (direction === 1) return steps.find((s) => s > current) ?? steps[steps.length - 1] ?? current;
  return [...steps].reverse().find((s) => s < current) ?? steps[0] ?? current;
}

export type TextSizeKey = "larger" | "smaller" | "normal";

/** What a key press asks of the text size, if anything: Ctrl (or ⌘) with +, =, −, 0, or the number pad's. */
export function textSizeKey(event: KeyboardEvent): TextSizeKey | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  if (event.key === "+" || event.key === "=" || event.code === "NumpadAdd" || event.code === "Equal") return "larger";
  if (event.key === "-" || event.key === "−" || event.key === "_" || event.code === "NumpadSubtract" || event.code === "Minus")
    return "smaller";
  if (event.key === "0" || event.code === "Numpad0" || event.code === "Digit0") return "normal";
  return null;
}

/** Shows `percent` at once (no saving): sets the zoom on <html>. */
export function showTextSize(percent: number): void {
  textSize.percent = percent;
  const root = document.documentElement;
  if (percent === normalTextSize()) root.style.removeProperty("zoom");
  else root.style.setProperty("zoom", `${percent}%`);
  root.dataset.textSize = String(percent);
}

/** Shows and saves `percent`; the promise rejects (an AppError) if it could not be saved. */
export async function chooseTextSize(percent: number): Promise<void> {
  showTextSize(percent);
  await commands.setPreferences({ textSizePercent: percent });
}

/** Shows the saved size; a failure to read leaves the normal size. */
export async function loadTextSize(): Promise<void> {
  try {
    const prefs = await commands.getPreferences();
    if (textSizeSteps().includes(prefs.textSizePercent)) showTextSize(prefs.textSizePercent);
  } catch {
    // The backend could not say: normal size, which is what a first start has anyway.
  }
}

/**
 * Handles Ctrl +, Ctrl − and Ctrl 0 anywhere in the app; true when the key was one of them.
 * The webview's own zoom keys are turned off, so this is the only zoom.
 */
export function handleTextSizeKey(event: KeyboardEvent): boolean {
  const key = textSizeKey(event);
  if (!key) return false;
  event.preventDefault();
  const next =
    key === "normal" ? normalTextSize() : stepFrom(textSize.percent, key === "larger" ? 1 : -1);
  if (next !== textSize.percent) chooseTextSize(next).catch(() => {});
  return true;
}
