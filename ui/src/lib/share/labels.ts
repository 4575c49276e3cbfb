// Words for the parts of a share, looked up in the backend's vocabulary (which a
// professional's app has without a vault): reading kinds, statuses, the sensitive
// labels a share asks about; and the recipient line, which is presentation.
import type { ReadingKind, Sensitivity, ShareStatus } from "../../ipc";
import { vocabulary } from "../vocabulary";

/** Every reading kind, in the order the app offers them. */
export const readingKinds = (): ReadingKind[] => vocabulary().readingKinds.map((k) => k.kind);

export const readingLabel = (kind: ReadingKind): string =>
  vocabulary().readingKinds.find((k) => k.kind === kind)?.label ?? kind;

/** The labels a share leaves out unless ticked one by one, in the order the form shows them. */
export const sensitiveLabels = (): Sensitivity[] =>
  vocabulary().sensitivities.filter((s) => s.shareWarning !== null).map((s) => s.label);

/** The plain warning beside each sensitive label's checkbox. */
export const sensitiveWarning = (label: Sensitivity): string =>
  vocabulary().sensitivities.find((s) => s.label === label)?.shareWarning ?? "";

/** "mental health", for sentences ("3 entries labelled mental health are not included"). */
export const labelInSentence = (label: Sensitivity): string =>
  vocabulary().sensitivities.find((s) => s.label === label)?.inSentence ?? label;

export const shareStatusText = (status: ShareStatus): string =>
  vocabulary().shareStatuses.find((s) => s.status === status)?.text ?? status;

/** NHS tag colour modifier for a status. */
export function shareStatusTag(status: ShareStatus): string {
  return status === "active" ? "nhsuk-tag--green" : status === "expired" ? "nhsuk-tag--grey" : "nhsuk-tag--red";
}

/** "Jane Smith, Physiotherapist, Riverside Clinic (organisation code RX1)": the NHS ODS code, in words people use. */
export function recipientLine(r: {
  name: string;
  role?: string | null;
  organisation?: string | null;
  odsCode?: string | null;
}): string {
  const parts = [r.name, r.role, r.organisation].map((p) => (p ?? "").trim()).filter(Boolean);
  const ods = (r.odsCode ?? "").trim();
  return parts.join(", ") + (ods ? ` (organisation code ${ods})` : "");
}

/** The share form's "What matters to me" tick: its label and hint. */
export const whatMattersWords = () => vocabulary().shareWhatMatters;
/** The International Patient Summary tick's words. */
export const ipsWords = () => vocabulary().shareIps;
