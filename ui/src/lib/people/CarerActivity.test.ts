import { render, screen, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import type { CarerActivity as Activity } from "../../bindings/CarerActivity";
import CarerActivity from "./CarerActivity.svelte";
import CareAccessNotice from "./CareAccessNotice.svelte";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

const ACTIVITY: Activity = {
  personId: "p2",
  personName: "Margaret Jones",
  heading: "What your carer has done",
  actors: [
    {
      actor: "carer",
      who: "Sarah (carer)",
      entries: [
        { seq: 3, what: "Added a reading", when: "4 Dec 2026, 14:35", at: "2026-12-04T14:35:00Z", forWhom: "Margaret Jones", detail: "" },
        { seq: 1, what: "Added this person to the app", when: "23 Nov 2026, 10:30", at: "2026-11-23T10:30:00Z", forWhom: "Margaret Jones", detail: "" },
      ],
    },
    {
      actor: "owner",
      who: "Margaret",
      entries: [{ seq: 2, what: "Changed their details", when: "1 Dec 2026, 09:00", at: "2026-12-01T09:00:00Z", forWhom: "Margaret Jones", detail: "" }],
    },
  ],
};

describe("CarerActivity", () => {
  beforeEach(() => vi.mocked(commands.carerActivity).mockReset());

  it("lists each actor's entries in the backend's words, as given (newest first)", async () => {
    vi.mocked(commands.carerActivity).mockResolvedValue(ACTIVITY);
    render(CarerActivity, { personId: "p2" });
    const actors = await screen.findAllByTestId("activity-actor");
    expect(actors.map((a) => a.textContent)).toEqual(["Sarah (carer)", "Margaret"]);
    const rows = screen.getAllByTestId("activity-entry");
    expect(within(rows[0]!).getByText("Added a reading")).toBeTruthy();
    expect(rows[0]).toHaveTextContent("4 Dec 2026, 14:35");
    expect(rows[0]).toHaveTextContent("Margaret Jones");
    expect(commands.carerActivity).toHaveBeenCalledWith("p2");
  });

  it("folds the list under the heading the backend wrote for its reader", async () => {
    vi.mocked(commands.carerActivity).mockResolvedValue({ ...ACTIVITY, heading: "Activity in Margaret's record" });
    render(CarerActivity, { personId: "p2" });
    const heading = await screen.findByTestId("carer-activity-heading");
    expect(heading).toHaveTextContent("Activity in Margaret's record");
    expect(screen.getByTestId("carer-activity-details").tagName).toBe("DETAILS");
    expect(screen.queryByText("What your carer has done")).toBeNull();
  });
});

describe("CareAccessNotice", () => {
  it("shows a pause as an important callout with the backend's reason", () => {
    render(CareAccessNotice, {
      access: { state: "suspended", tag: "Access paused", message: "You cannot open Margaret Jones's record until you check.", reviewReopens: true },
    });
    const notice = screen.getByTestId("care-access");
    expect(notice).toHaveClass("nhsuk-warning-callout");
    expect(notice).toHaveTextContent("Access paused");
    expect(notice).toHaveTextContent("You cannot open Margaret Jones's record until you check.");
  });

  it("shows a warning as inset text, and nothing when open", () => {
    const { unmount } = render(CareAccessNotice, {
      access: { state: "warning", tag: "Turns 16 soon", message: "Emma Jones turns 16 on 10 Feb 2027.", reviewReopens: false },
    });
    expect(screen.getByTestId("care-access")).toHaveClass("nhsuk-inset-text");
    unmount();
    render(CareAccessNotice, { access: undefined });
    expect(screen.queryByTestId("care-access")).toBeNull();
  });
});
