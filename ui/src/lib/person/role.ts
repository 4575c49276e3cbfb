// The role part of the person form: its values, filled from a person, and read into the
// backend's PersonRoleInput (blank parts are left for the backend's defaults and checks).
import type { PersonRoleInput } from "../../bindings/PersonRoleInput";
import type { Person } from "../../ipc";

export interface RoleValues {
  kind: string;
  relationship: string;
  basis: string;
  basisRef: string;
  basisDay: string;
  basisMonth: string;
  basisYear: string;
  reviewDay: string;
  reviewMonth: string;
  reviewYear: string;
}

function parts(iso: string | null | undefined): [string, string, string] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? "");
  return m ? [String(Number(m[3])), String(Number(m[2])), m[1]] : ["", "", ""];
}

export function roleValuesFrom(person: Person | null): RoleValues {
  const r = person?.role ?? null;
  const [basisDay, basisMonth, basisYear] = parts(r?.basisDate);
  const [reviewDay, reviewMonth, reviewYear] = parts(r?.reviewOn);
  return {
    kind: r?.kind ?? "",
    relationship: r?.relationship ?? "",
    basis: r?.basis ?? "",
    basisRef: r?.basisRef ?? "",
    basisDay,
    basisMonth,
    basisYear,
    reviewDay,
    reviewMonth,
    reviewYear,
  };
}

/** `YYYY-MM-DD` from three boxes, or what was typed when it is not a date (the backend says why); null when blank. */
function iso(day: string, month: string, year: string): string | null {
  const [d, m, y] = [day.trim(), month.trim(), year.trim()];
  if (!d && !m && !y) return null;
  return `${y.padStart(4, "0")}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
}

/** The role as the backend takes it; null when no choice was made (not set, or unchanged). */
export function readRole(v: RoleValues): PersonRoleInput | null {
  if (!v.kind) return null;
  if (v.kind !== "caredFor")
    return { kind: v.kind, relationship: null, basis: null, basisDate: null, basisRef: null, reviewOn: null };
  const text = (s: string) => (s.trim() ? s.trim() : null);
  return {
    kind: v.kind,
    relationship: text(v.relationship),
    basis: text(v.basis),
    basisDate: iso(v.basisDay, v.basisMonth, v.basisYear),
    basisRef: text(v.basisRef),
    reviewOn: iso(v.reviewDay, v.reviewMonth, v.reviewYear),
  };
}
