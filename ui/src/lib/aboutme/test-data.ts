// "What matters to me" as the backend gives it, for the tests beside the screens.
import type { AboutMe } from "../../bindings/AboutMe";

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
