// "What matters to me" as the backend gives it, for the tests beside the screens.
import type { AboutMe } from "../../bindings/AboutMe";
import type { Decisions } from "../../bindings/Decisions";

export const EMPTY: AboutMe = { whatMatters: [], contacts: [], gpPractice: null, needs: [], updatedAt: null, updatedBy: null };

export const SAVED: AboutMe = {
  whatMatters: [{ id: "11", text: "Walking my dog every morning" }],
  contacts: [
    {
      id: "12",
      name: "Sarah Evans",
      relationship: "child",
      phone: "07700 900123",
      nextOfKin: true,
      carer: false,
      emergency: true,
      note: null,
      relationshipText: "Son or daughter",
      roles: ["Next of kin", "Emergency contact"],
    },
  ],
  gpPractice: { id: null, name: "Riverside Surgery", odsCode: "A81001", phone: null, address: null, fromGpRecord: true },
  needs: [{ id: "13", kind: "interpreter", detail: "Polish", text: "A spoken language interpreter: Polish" }],
  updatedAt: "2026-11-23T10:00:00Z",
  updatedBy: "Added by you",
};

/** Two ReSPECT forms (the newer one the latest) and an organ donation decision, as `decisions` gives them. */
export const DECISIONS: Decisions = {
  items: [
    {
      entryId: "21",
      kind: "organDonation",
      kindText: "Organ donation decision",
      title: "Organ donation decision",
      date: "2024-03-15",
      dateText: "15 March 2024",
      statement: "Wants to donate their organs and tissue. Registered on the NHS Organ Donor Register.",
      file: null,
      latest: true,
      replaced: null,
      page: null,
      addedBy: "Added by you",
    },
    {
      entryId: "23",
      kind: "respect",
      kindText: "ReSPECT form",
      title: "ReSPECT form from the hospice",
      date: "2026-10-01",
      dateText: "1 October 2026",
      statement: null,
      file: { attachmentId: "a1", fileName: "respect.pdf", typeText: "a PDF", sizeText: "182 KB", isImage: false },
      latest: true,
      replaced: null,
      page: null,
      addedBy: "Added by you",
    },
    {
      entryId: "22",
      kind: "respect",
      kindText: "ReSPECT form",
      title: "ReSPECT form",
      date: "2023-05-02",
      dateText: "2 May 2023",
      statement: null,
      file: null,
      latest: false,
      replaced: "A newer ReSPECT form is in this record: this one may no longer apply.",
      page: null,
      addedBy: "Added by you",
    },
  ],
};
