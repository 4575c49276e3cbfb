// Named own entries for the own-entry components' tests.
import type { OwnEntry } from "../../bindings/OwnEntry";
import type { OwnEntryForm } from "../../bindings/OwnEntryForm";

export const form = (over: Partial<OwnEntryForm> = {}): OwnEntryForm => ({
  kind: "medicine",
  name: "Ibuprofen 200mg tablets",
  date: "2026-05-01",
  status: "current",
  dose: "1 tablet",
  howOften: "up to 3 times a day",
  reason: "back pain",
  medicineType: "overTheCounter",
  reaction: null,
  country: null,
  text: null,
  ...over,
});

export const IBUPROFEN: OwnEntry = {
  entryId: "own-1",
  kind: "medicine",
  kindText: "Medicine",
  form: form(),
  addedBy: "Added by you",
  version: 1,
  addedAt: "2026-11-20T10:00:00Z",
  updatedAt: "2026-11-20T10:00:00Z",
};
