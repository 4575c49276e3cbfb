// The "What matters to me" form's state: the backend's `AboutMe` as editable drafts (text
// boxes hold strings, a choice not yet made is ""), turned back into the `AboutMe` the backend
// checks and saves, and each of its problems placed by the input it belongs to. The checks
// themselves are the backend's (`checkAboutMe`); only "choose a need first" is said here,
// because a need without a kind cannot be sent at all.
import type { AboutMe } from "../../bindings/AboutMe";
import type { AboutMeProblem } from "../../bindings/AboutMeProblem";
import type { CommunicationNeedKind } from "../../bindings/CommunicationNeedKind";
import type { ContactRelationship } from "../../bindings/ContactRelationship";
import type { EntryId } from "../../bindings/EntryId";
import { vocabulary } from "../vocabulary";

export interface WhatDraft {
  key: number;
  id: EntryId | null;
  text: string;
}

export interface ContactDraft {
  key: number;
  id: EntryId | null;
  name: string;
  relationship: ContactRelationship | "";
  phone: string;
  nextOfKin: boolean;
  carer: boolean;
  emergency: boolean;
  note: string;
}

/** A contact's role, by the name of the field that holds it (the backend's role codes). */
export type RoleField = "nextOfKin" | "carer" | "emergency";

export interface PracticeDraft {
  id: EntryId | null;
  name: string;
  odsCode: string;
  phone: string;
  address: string;
  /** Shown from the GP record, not yet the person's own: saved only once they change it. */
  fromGpRecord: boolean;
}

export interface NeedDraft {
  key: number;
  id: EntryId | null;
  kind: CommunicationNeedKind | "";
  detail: string;
}

export interface AboutMeDraft {
  whatMatters: WhatDraft[];
  contacts: ContactDraft[];
  practice: PracticeDraft | null;
  needs: NeedDraft[];
}

// Keys keep each item's inputs in place (and focused) while others are added or removed.
let nextKey = 1;
const key = () => nextKey++;

export const blankWhat = (): WhatDraft => ({ key: key(), id: null, text: "" });
export const blankContact = (): ContactDraft => ({
  key: key(),
  id: null,
  name: "",
  relationship: "",
  phone: "",
  nextOfKin: false,
  carer: false,
  emergency: false,
  note: "",
});
export const blankPractice = (): PracticeDraft => ({ id: null, name: "", odsCode: "", phone: "", address: "", fromGpRecord: false });
export const blankNeed = (): NeedDraft => ({ key: key(), id: null, kind: "", detail: "" });

/** The drafts for what the backend gave. */
export function draftFrom(about: AboutMe): AboutMeDraft {
  const p = about.gpPractice;
  return {
    whatMatters: about.whatMatters.map((w) => ({ key: key(), id: w.id, text: w.text })),
    contacts: about.contacts.map((c) => ({
      key: key(),
      id: c.id,
      name: c.name,
      relationship: c.relationship ?? "",
      phone: c.phone ?? "",
      nextOfKin: c.nextOfKin,
      carer: c.carer,
      emergency: c.emergency,
      note: c.note ?? "",
    })),
    practice: p
      ? { id: p.id, name: p.name, odsCode: p.odsCode ?? "", phone: p.phone ?? "", address: p.address ?? "", fromGpRecord: p.fromGpRecord }
      : null,
    needs: about.needs.map((n) => ({ key: key(), id: n.id, kind: n.kind, detail: n.detail ?? "" })),
  };
}

const optional = (s: string): string | null => (s.trim() ? s : null);

/** The detail's label ("Language") for a need that takes one, or null. */
export function detailLabel(kind: CommunicationNeedKind | ""): string | null {
  return vocabulary().aboutMe.needs.find((n) => n.code === kind)?.detailLabel ?? null;
}

/**
 * The form to check and save. `original` is the practice as loaded: one shown from the GP
 * record stays unsaved unless the person changed it, when it becomes theirs.
 */
export function formFrom(d: AboutMeDraft, original: PracticeDraft | null = null): AboutMe {
  const p = d.practice;
  const unchanged =
    p !== null && original !== null && (["name", "odsCode", "phone", "address"] as const).every((f) => p[f] === original[f]);
  return {
    whatMatters: d.whatMatters.map((w) => ({ id: w.id, text: w.text })),
    contacts: d.contacts.map((c) => ({
      id: c.id,
      name: c.name,
      relationship: c.relationship || null,
      phone: optional(c.phone),
      nextOfKin: c.nextOfKin,
      carer: c.carer,
      emergency: c.emergency,
      note: optional(c.note),
      relationshipText: "",
      roles: [],
    })),
    gpPractice: p
      ? {
          id: p.id,
          name: p.name,
          odsCode: optional(p.odsCode),
          phone: optional(p.phone),
          address: optional(p.address),
          fromGpRecord: p.fromGpRecord && unchanged,
        }
      : null,
    // A need without a kind is caught by `unchosenNeeds` before this is sent.
    needs: d.needs
      .filter((n) => n.kind !== "")
      .map((n) => ({ id: n.id, kind: n.kind as CommunicationNeedKind, detail: detailLabel(n.kind) ? optional(n.detail) : null, text: "" })),
    updatedAt: null,
    updatedBy: null,
  };
}

/** The id of the input a field of an item is typed in. */
export const inputId = {
  what: (i: number) => `am-what-${i}`,
  whatAdd: "am-what-add",
  contact: (i: number, field: "name" | "relationship" | "phone" | "note" | "roles") => `am-contact-${i}-${field}`,
  contactAdd: "am-contact-add",
  practice: (field: "name" | "odsCode" | "phone" | "address") => `am-practice-${field}`,
  practiceAdd: "am-practice-add",
  need: (i: number, field: "kind" | "detail") => `am-need-${i}-${field}`,
  needAdd: "am-need-add",
};

const PRACTICE_FIELDS: Record<string, "name" | "odsCode" | "phone" | "address"> = {
  practiceName: "name",
  odsCode: "odsCode",
  practicePhone: "phone",
  practiceAddress: "address",
};

/** Where a problem belongs: the id of its input (or of its list's Add button). */
export function targetOf(p: AboutMeProblem, d: AboutMeDraft): string {
  const field = p.error.field ?? "";
  const i = p.index;
  switch (p.part) {
    case "whatMatters":
      return i === null ? inputId.whatAdd : inputId.what(i);
    case "contact":
      if (i === null) return inputId.contactAdd;
      return inputId.contact(i, field === "phone" || field === "note" ? field : "name");
    case "gpPractice":
      return inputId.practice(PRACTICE_FIELDS[field] ?? "name");
    case "communicationNeed":
      if (i === null) return inputId.needAdd;
      // A need with no detail box (a second "large print") is placed by its choice.
      return detailLabel(d.needs[i]?.kind ?? "") ? inputId.need(i, "detail") : inputId.need(i, "kind");
  }
}

/** The problems by the id of the input each belongs to (the first for each). */
export function errorsFrom(problems: AboutMeProblem[], d: AboutMeDraft): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) {
    const at = targetOf(p, d);
    if (!(at in out)) out[at] = p.error.message;
  }
  return out;
}

/** Needs whose kind is not chosen yet, by the id of their choice. */
export function unchosenNeeds(d: AboutMeDraft, message: string): Record<string, string> {
  const out: Record<string, string> = {};
  d.needs.forEach((n, i) => {
    if (n.kind === "") out[inputId.need(i, "kind")] = message;
  });
  return out;
}

/** The inputs in the order the form shows them, for the error summary. */
export function inputOrder(d: AboutMeDraft): [string, string][] {
  const ids: string[] = [inputId.whatAdd, ...d.whatMatters.map((_, i) => inputId.what(i)), inputId.contactAdd];
  d.contacts.forEach((_, i) => ids.push(inputId.contact(i, "name"), inputId.contact(i, "phone"), inputId.contact(i, "note")));
  ids.push(inputId.practice("name"), inputId.practice("odsCode"), inputId.practice("phone"), inputId.practice("address"), inputId.needAdd);
  d.needs.forEach((_, i) => ids.push(inputId.need(i, "kind"), inputId.need(i, "detail")));
  return ids.map((id) => [id, id]);
}
