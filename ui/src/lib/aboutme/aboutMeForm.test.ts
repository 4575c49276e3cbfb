import { describe, expect, it } from "vitest";
import { blankNeed, draftFrom, errorsFrom, formFrom, inputId, unchosenNeeds } from "./aboutMeForm";
import { SAVED } from "./test-data";

const problem = (part: "whatMatters" | "contact" | "gpPractice" | "communicationNeed", index: number | null, field: string, message = "m") => ({
  error: { code: "INVALID_INPUT" as const, message, field: field as never },
  part,
  index,
});

describe("aboutMeForm", () => {
  it("gives back what it was given, with the backend's own words left empty", () => {
    const form = formFrom(draftFrom(SAVED), draftFrom(SAVED).practice);
    expect(form.whatMatters).toEqual(SAVED.whatMatters);
    expect(form.contacts[0]).toMatchObject({ id: "12", name: "Sarah Evans", relationship: "child", phone: "07700 900123", note: null, roles: [] });
    expect(form.needs).toEqual([{ id: "13", kind: "interpreter", detail: "Polish", text: "" }]);
  });

  it("keeps the practice from the GP record unsaved until the person changes it", () => {
    const d = draftFrom(SAVED);
    const original = d.practice ? { ...d.practice } : null;
    expect(formFrom(d, original).gpPractice?.fromGpRecord).toBe(true);
    d.practice!.phone = "01632 960001";
    expect(formFrom(d, original).gpPractice).toMatchObject({ fromGpRecord: false, phone: "01632 960001", name: "Riverside Surgery" });
  });

  it("sends a detail only for a need that asks for one", () => {
    const d = draftFrom(SAVED);
    d.needs[0].kind = "largePrint";
    expect(formFrom(d).needs[0].detail).toBeNull();
  });

  it("places each problem by its input, a need with no detail box by its choice", () => {
    const d = draftFrom(SAVED);
    d.needs.push({ ...blankNeed(), kind: "interpreter" }, { ...blankNeed(), kind: "largePrint" });
    const errors = errorsFrom(
      [
        problem("whatMatters", 0, "whatMatters", "a"),
        problem("whatMatters", null, "whatMatters", "b"),
        problem("contact", 0, "phone", "c"),
        problem("gpPractice", null, "odsCode", "d"),
        problem("communicationNeed", 1, "detail", "e"),
        problem("communicationNeed", 2, "detail", "f"),
      ],
      d,
    );
    expect(errors).toEqual({
      [inputId.what(0)]: "a",
      [inputId.whatAdd]: "b",
      [inputId.contact(0, "phone")]: "c",
      [inputId.practice("odsCode")]: "d",
      [inputId.need(1, "detail")]: "e",
      [inputId.need(2, "kind")]: "f",
    });
  });

  it("asks for a need's kind before anything is sent", () => {
    const d = draftFrom(SAVED);
    d.needs.push(blankNeed());
    expect(unchosenNeeds(d, "Choose")).toEqual({ [inputId.need(1, "kind")]: "Choose" });
    expect(formFrom(d).needs).toHaveLength(1);
  });
});
