// Named sample record data for the record screens' component tests.
import type * as Ipc from "../../ipc";

export const entry = (over: Partial<Ipc.EntrySummary> = {}): Ipc.EntrySummary => ({
  id: "e1",
  kind: "problem",
  title: "Asthma",
  status: "active",
  date: "2019-03-01",
  valueText: null,
  flag: null,
  abnormal: false,
  sensitivity: "general",
  sourceName: "Beech House Surgery",
  ...over,
});

export const ASTHMA = entry();
export const SALBUTAMOL = entry({ id: "e2", kind: "medication", title: "Salbutamol 100 micrograms inhaler", date: "2024-01-10" });
export const PENICILLIN = entry({ id: "e3", kind: "allergy", title: "Penicillin", status: "active", date: "2010-05-02" });
export const POTASSIUM = entry({
  id: "e4",
  kind: "result",
  title: "Serum potassium",
  status: "final",
  date: "2026-10-14T09:30:00+01:00",
  valueText: "5.9 mmol/L",
  flag: "High",
  abnormal: true,
});
export const FLU = entry({ id: "e5", kind: "immunisation", title: "Flu vaccine", status: "completed", date: "2025-10-01" });

export const GP_SOURCE: Ipc.Source = { kind: "gp", name: "Beech House Surgery", odsCode: "A12345", url: "http://127.0.0.1:9000/fhir" };

export const LAST_IMPORT: Ipc.ImportRun = {
  importId: "i1",
  source: GP_SOURCE,
  finishedAt: "2026-11-23T14:05:00Z",
  added: 1111,
  updated: 0,
  unchanged: 0,
  unmapped: 3,
  rejected: 1,
};

export const summary = (over: Partial<Ipc.RecordSummary> = {}): Ipc.RecordSummary => ({
  activeProblems: [ASTHMA],
  currentMedications: [SALBUTAMOL],
  allergies: [PENICILLIN],
  noKnownAllergies: [],
  recentResults: [POTASSIUM],
  immunisations: [FLU],
  counts: [
    { kind: "problem", count: 12 },
    { kind: "medication", count: 30 },
    { kind: "allergy", count: 1 },
    { kind: "result", count: 1060 },
    { kind: "immunisation", count: 8 },
  ],
  total: 1111,
  lastImport: LAST_IMPORT,
  ...over,
});

export const EMPTY_SUMMARY: Ipc.RecordSummary = {
  activeProblems: [],
  currentMedications: [],
  allergies: [],
  noKnownAllergies: [],
  recentResults: [],
  immunisations: [],
  counts: [],
  total: 0,
  lastImport: null,
};

export const detail = (over: Partial<Ipc.EntryDetail> = {}): Ipc.EntryDetail => ({
  entry: POTASSIUM,
  codes: [
    { system: "SNOMED CT", code: "1000651000000109", display: "Serum potassium level" },
    { system: "http://example.org/local", code: "K", display: null },
  ],
  value: { text: "5.9 mmol/L", rangeText: "3.5 to 5.3 mmol/L", flag: "High", abnormal: true },
  components: [],
  facts: [{ label: "Specimen", text: "Blood" }],
  source: GP_SOURCE,
  importedAt: "2026-11-23T14:05:00Z",
  updatedAt: "2026-11-24T09:30:00Z",
  resourceType: "Observation",
  fhirVersion: "R4",
  rawJson: '{\n  "resourceType": "Observation",\n  "id": "k1"\n}',
  versions: 2,
  sensitivitySetByUser: false,
  related: [entry({ id: "e9", kind: "report", title: "Urea and electrolytes", status: "final", date: "2026-10-14" })],
  attachments: [],
  ...over,
});

export const report = (over: Partial<Ipc.ImportReport> = {}): Ipc.ImportReport => ({
  importId: "i2",
  source: { kind: "file", name: "margaret.json", odsCode: null, url: null },
  files: ["/home/sam/margaret.json"],
  added: 40,
  updated: 2,
  unchanged: 5,
  unmapped: 1,
  rejected: 1,
  items: [
    { file: "margaret.json", location: "entry[0]", resourceType: "Patient", resourceId: "p1", outcome: "added", reason: null, entryId: "x0" },
    {
      file: "margaret.json",
      location: "entry[12]",
      resourceType: "Basic",
      resourceId: "b1",
      outcome: "unmapped",
      reason: "The app has no view for Basic resources yet; it is kept as it arrived.",
      entryId: "x12",
    },
    {
      file: "margaret.json",
      location: "entry[31]",
      resourceType: "Observation",
      resourceId: null,
      outcome: "rejected",
      reason: "It has no status, which FHIR requires.",
      entryId: null,
    },
  ],
  finishedAt: "2026-11-23T14:05:00Z",
  ...over,
});
