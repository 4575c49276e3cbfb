// Named sample record data for the record screens' component tests.
import type { Medicine } from "../../bindings/Medicine";
import type { Medicines } from "../../bindings/Medicines";
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

/** A medicine as the backend words it: current, with its plan and issues. */
export const medicine = (over: Partial<Medicine> = {}): Medicine => ({
  key: "sct:320151009",
  name: "Salbutamol 100micrograms/dose inhaler",
  course: "repeat",
  courseText: "Repeat",
  dose: "Two puffs when needed",
  firstIssued: "2024-01-10",
  lastIssued: "2026-11-02",
  lastRecorded: "2026-11-02",
  status: "active",
  current: true,
  currentText: "Current",
  reason: "An active repeat prescription.",
  caution: null,
  sensitivity: "general",
  details: [
    { label: "Acute or repeat", text: "Repeat" },
    { label: "Dose", text: "Two puffs when needed" },
    { label: "First issued", text: "10 Jan 2024" },
    { label: "Last issued", text: "2 Nov 2026 (3 weeks ago)" },
    { label: "Status", text: "Active" },
  ],
  issuesHeading: "Prescriptions and records (3)",
  issues: [
    { entryId: "m3", role: "issue", roleText: "Prescription issued", title: "Salbutamol 100micrograms/dose inhaler", date: "2026-11-02", dateText: "2 Nov 2026", statusText: "Completed", dose: null },
    { entryId: "m2", role: "issue", roleText: "Prescription issued", title: "Salbutamol 100micrograms/dose inhaler", date: "2024-01-10", dateText: "10 Jan 2024", statusText: "Completed", dose: null },
    { entryId: "m1", role: "authorisation", roleText: "Prescribing plan", title: "Salbutamol 100micrograms/dose inhaler", date: "2024-01-10", dateText: "10 Jan 2024", statusText: "Active", dose: null },
  ],
  ...over,
});

export const SALBUTAMOL_MEDICINE = medicine();

/** Citalopram as in GP Connect's example: acute, last issued in 2019, not current. */
export const CITALOPRAM = medicine({
  key: "sct:321987003",
  name: "Citalopram 20mg tablets",
  course: "acute",
  courseText: "Acute (a one-off course)",
  dose: "TAKE ONE DAILY",
  firstIssued: "2019-03-28",
  lastIssued: "2019-06-01",
  lastRecorded: "2019-06-01",
  status: "completed",
  current: false,
  currentText: "Not current",
  reason: "Last issued more than 28 days ago.",
  details: [
    { label: "Acute or repeat", text: "Acute (a one-off course)" },
    { label: "Dose", text: "TAKE ONE DAILY" },
    { label: "First issued", text: "28 Mar 2019" },
    { label: "Last issued", text: "1 Jun 2019 (7 years ago)" },
    { label: "Status", text: "Completed" },
  ],
  issuesHeading: "Prescriptions and records (2)",
  issues: [
    { entryId: "c2", role: "issue", roleText: "Prescription issued", title: "Citalopram 20mg tablets", date: "2019-06-01", dateText: "1 Jun 2019", statusText: "Completed", dose: null },
    { entryId: "c1", role: "authorisation", roleText: "Prescribing plan", title: "Citalopram 20mg tablets", date: "2019-06-01", dateText: "1 Jun 2019", statusText: "Completed", dose: null },
  ],
});

export const AMLODIPINE = medicine({
  key: "sct:319284000",
  name: "Amlodipine 10mg tablets",
  current: false,
  currentText: "Not current",
  reason: "Stopped.",
  status: "stopped",
  lastIssued: "2018-02-01",
  lastRecorded: "2018-02-01",
  issuesHeading: "Prescriptions and records (1)",
  issues: [
    { entryId: "a1", role: "issue", roleText: "Prescription issued", title: "Amlodipine 10mg tablets", date: "2018-02-01", dateText: "1 Feb 2018", statusText: "Stopped", dose: null },
  ],
});

const RULE =
  "Current means an active repeat prescription, or a one-off (acute) prescription issued in the last 28 days, or a medicine the record marks as active.";

/** Salbutamol current; Amlodipine stopped, in "other medicines". */
export const MEDICINES: Medicines = {
  summary: {
    statement: null,
    shown: [SALBUTAMOL_MEDICINE],
    currentCount: 1,
    total: 2,
    othersHeading: "Other medicines in the record (1)",
    rule: RULE,
    acuteCurrentDays: 28,
  },
  medicines: [SALBUTAMOL_MEDICINE, AMLODIPINE],
};

/** Nothing current: the sentence names what was issued last. */
export const PAST_MEDICINES: Medicines = {
  summary: {
    statement: "No current medicines. Most recent: Citalopram 20mg tablets, last issued 1 Jun 2019 (7 years ago).",
    shown: [CITALOPRAM],
    currentCount: 0,
    total: 1,
    othersHeading: null,
    rule: RULE,
    acuteCurrentDays: 28,
  },
  medicines: [CITALOPRAM],
};

export const NO_MEDICINES: Medicines = {
  summary: {
    statement: "No medicines have been imported. This does not mean there are none: ask your GP practice if you are not sure.",
    shown: [],
    currentCount: 0,
    total: 0,
    othersHeading: null,
    rule: RULE,
    acuteCurrentDays: 28,
  },
  medicines: [],
};

export const GP_SOURCE: Ipc.Source = { kind: "gp", name: "Beech House Surgery", odsCode: "A12345", url: "http://127.0.0.1:9000/fhir" };

export const LAST_IMPORT: Ipc.ImportRun = {
  importId: "i1",
  kind: "record",
  source: GP_SOURCE,
  files: [],
  finishedAt: "2026-11-23T14:05:00Z",
  added: 1111,
  updated: 0,
  unchanged: 0,
  unmapped: 3,
  rejected: 1,
  undoneAt: null,
  ownerOverridden: false,
};

/** A device file's readings in the import history. */
export const DEVICE_IMPORT: Ipc.ImportRun = {
  importId: "i2",
  kind: "readings",
  source: { kind: "file", name: "Dexcom CLARITY export", odsCode: null, url: null },
  files: ["clarity-export.csv"],
  finishedAt: "2026-11-24T09:30:00Z",
  added: 2148,
  updated: 0,
  unchanged: 0,
  unmapped: 0,
  rejected: 1,
  undoneAt: null,
  ownerOverridden: true,
};

export const summary = (over: Partial<Ipc.RecordSummary> = {}): Ipc.RecordSummary => ({
  activeProblems: [ASTHMA],
  medicines: MEDICINES.summary,
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
  administrative: 70,
  lastImport: LAST_IMPORT,
  ...over,
});

export const EMPTY_SUMMARY: Ipc.RecordSummary = {
  activeProblems: [],
  medicines: NO_MEDICINES.summary,
  allergies: [],
  noKnownAllergies: [],
  recentResults: [],
  immunisations: [],
  counts: [],
  total: 0,
  administrative: 0,
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
  outcome: {
    heading: "Your record from the files you chose is ready",
    summary: "Your record from the files you chose is ready: 42 entries, including 4 conditions, 12 medicines and 3 allergies.",
    keptApart: "70 entries of administrative information, such as billing and insurance, are kept apart from your health story.",
    nextStep: "1 part could not be read and was left out. Try the import again. If this keeps happening, show the details below to your GP practice or whoever gave you the file.",
    keptPrivate: null,
    connection: null,
  },
  groups: [
    {
      outcome: "rejected",
      outcomeText: "Not imported",
      reason: "It has no status, which FHIR requires.",
      count: 1,
      types: "Observation (1)",
      places: ["margaret.json, entry[31]"],
    },
    {
      outcome: "unmapped",
      outcomeText: "Kept as it arrived",
      reason: "The app has no category for these. They are kept in the record as they arrived and are in any export.",
      count: 1,
      types: "Basic (1)",
      places: [],
    },
  ],
  ...over,
});
