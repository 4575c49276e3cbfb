// Red-flag advice as the interface shows it: the urgency's words from the vocabulary (never
// colour alone), the NHS care card variant it is drawn as, and the tag beside a reading. The
// table, its thresholds and every word of the advice are the backend's; this only chooses how
// each urgency looks.
import type { Advice } from "../../bindings/Advice";
import type { Urgency } from "../../bindings/Urgency";
import type { UrgencyWords } from "../../bindings/UrgencyWords";
import { vocabulary } from "../vocabulary";

export type { Advice, Urgency };

/** The NHS care card each urgency is drawn as: emergency (red, "call 999"), urgent, non-urgent. */
export type CareVariant = "emergency" | "urgent" | "non-urgent";

export function careVariant(urgency: Urgency): CareVariant {
  if (urgency === "emergency") return "emergency";
  if (urgency === "urgent") return "urgent";
  return "non-urgent";
}

/** The urgency's words ("Urgent", "Act today.", "Red flag: urgent") as the backend gives them. */
export function urgencyWords(urgency: Urgency): UrgencyWords {
  const found = vocabulary().urgencies.find((w) => w.urgency === urgency);
  // The vocabulary holds every urgency; the fallback keeps a new one readable, not blank.
  return found ?? { urgency, label: urgency, meaning: "", flagText: urgency, isRedFlag: urgency !== "none" };
}

/** Whether an urgency asks for action (anything but `none`), as the vocabulary says. */
export function isRedFlag(urgency: Urgency | null | undefined): urgency is Urgency {
  return !!urgency && urgencyWords(urgency).isRedFlag;
}

/** The advice when it is a red flag (it asks for action), else null. */
export function redFlag(advice: Advice | null | undefined): Advice | null {
  return advice && advice.isRedFlag ? advice : null;
}

/** The NHS tag colour beside a flagged reading; the tag's words say the urgency. */
export function tagClass(urgency: Urgency): string {
  switch (urgency) {
    case "emergency":
    case "urgent":
      return "nhsuk-tag--red";
    case "soon":
      return "nhsuk-tag--yellow";
    default:
      return "nhsuk-tag--grey";
  }
}

const ORDER: Urgency[] = ["none", "soon", "urgent", "emergency"];

/** Most urgent first. */
export function byUrgency<T>(items: T[], urgencyOf: (item: T) => Urgency): T[] {
  return [...items].sort((a, b) => ORDER.indexOf(urgencyOf(b)) - ORDER.indexOf(urgencyOf(a)));
}

/** "3 Dec 2026" from the advice's YYYY-MM-DD review date. */
export function reviewedText(reviewed: string, format: (iso: string) => string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(reviewed) ? format(reviewed) : reviewed;
}
