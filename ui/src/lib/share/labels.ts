// Words for the parts of a share: reading kinds (the professional's app may
// have no vault to ask), statuses, labels left out, and the recipient line.
import type { ReadingKind, Sensitivity, ShareStatus } from "../../ipc";
import { sensitivityLabel } from "../record/labels";

const READING_TEXT: Record<ReadingKind, string> = {
  bloodPressure: "Blood pressure",
  heartRate: "Heart rate",
  weight: "Weight",
  height: "Height",
  bloodGlucose: "Blood glucose",
  oxygenSaturation: "Oxygen saturation",
  temperature: "Temperature",
  peakFlow: "Peak flow",
  steps: "Steps",
  sleep: "Sleep",
  pain: "Pain score",
  mood: "Mood score",
  symptom: "Symptom notes",
};

export const READING_KINDS = Object.keys(READING_TEXT) as ReadingKind[];

export const readingLabel = (kind: ReadingKind): string => READING_TEXT[kind] ?? kind;

/** The labels a share leaves out unless ticked one by one, in the order the form shows them. */
export const SENSITIVE_LABELS: Sensitivity[] = ["mentalHealth", "sexualHealth", "socialCare", "heldBack"];

/** The plain warning beside each sensitive label's checkbox. */
export function sensitiveWarning(label: Sensitivity): string {
  switch (label) {
    case "mentalHealth":
      return "Entries you or your GP labelled as mental health. Only tick this if you want them to see it.";
    case "sexualHealth":
      return "Entries labelled as sexual health. Only tick this if you want them to see it.";
    case "socialCare":
      return "Entries labelled as social care. Only tick this if you want them to see it.";
    case "heldBack":
      return "Results you wanted to talk through with your GP first. They may see them before your GP has explained them.";
    default:
      return "";
  }
}

/** "mental health", for sentences ("3 entries labelled mental health are not included"). */
export function labelInSentence(label: Sensitivity): string {
  if (label === "heldBack") return "to discuss with my GP";
  return sensitivityLabel(label).toLowerCase();
}


export function shareStatusText(status: ShareStatus): string {
  return status === "active" ? "Active" : status === "expired" ? "Expired" : "Revoked";
}

/** NHS tag colour modifier for a status. */
export function shareStatusTag(status: ShareStatus): string {
  return status === "active" ? "nhsuk-tag--green" : status === "expired" ? "nhsuk-tag--grey" : "nhsuk-tag--red";
}

/** "Jane Smith, Physiotherapist, Riverside Clinic (ODS code RX1)". */
export function recipientLine(r: {
  name: string;
  role?: string | null;
  organisation?: string | null;
  odsCode?: string | null;
}): string {
  const parts = [r.name, r.role, r.organisation].map((p) => (p ?? "").trim()).filter(Boolean);
  const ods = (r.odsCode ?? "").trim();
  return parts.join(", ") + (ods ? ` (ODS code ${ods})` : "");
}
