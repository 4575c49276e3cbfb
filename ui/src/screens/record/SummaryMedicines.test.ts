import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import { appError } from "../../test/ipc-mock";
import SummaryMedicines from "./SummaryMedicines.svelte";
import Summary from "./Summary.svelte";
import { CITALOPRAM, MEDICINES, NO_MEDICINES, PAST_MEDICINES, medicine, summary } from "./test-data";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

/** A summary list's rows as [label, value]. */
const rowsOf = (list: HTMLElement) =>
  within(list)
    .getAllByRole("term")
    .map((dt) => [dt.textContent?.trim(), dt.nextElementSibling?.textContent?.trim()]);

function setup(medicines = MEDICINES) {
  const onopen = vi.fn();
  render(SummaryMedicines, { personId: "p1", heading: "Current medicines", summary: medicines.summary, onopen });
  return { onopen, user: userEvent.setup() };
}

describe("the summary's medicines", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(commands.medicines).mockResolvedValue(MEDICINES);
  });

  it("shows each current medicine once, saying 'Current' in words, with its details", () => {
    setup();
    const cards = screen.getAllByTestId("medicine");
    expect(cards).toHaveLength(1);
    const card = cards[0];
    expect(within(card).getByRole("heading", { level: 4 })).toHaveTextContent("Salbutamol 100micrograms/dose inhaler");
    expect(within(card).getByTestId("medicine-current")).toHaveTextContent(/^Current$/);
    expect(within(card).getByTestId("medicine-reason")).toHaveTextContent("An active repeat prescription.");
    expect(rowsOf(within(card).getByTestId("medicine-details"))).toEqual([
      ["Acute or repeat", "Repeat"],
      ["Dose", "Two puffs when needed"],
      ["First issued", "10 Jan 2024"],
      ["Last issued", "2 Nov 2026 (3 weeks ago)"],
      ["Status", "Active"],
    ]);
    expect(screen.queryByTestId("medicines-statement")).toBeNull();
    expect(screen.getByTestId("medicines-rule")).toHaveTextContent("issued in the last 28 days");
  });

  it("keeps a medicine's plans and issues in an expandable details element that opens each entry", async () => {
    const { onopen, user } = setup();
    const issues = screen.getByTestId("medicine-issues");
    expect(issues.tagName).toBe("DETAILS");
    expect(issues).not.toHaveAttribute("open");
    await user.click(within(issues).getByText("Prescriptions and records (3)"));
    expect(issues).toHaveAttribute("open");
    const rows = within(issues).getAllByTestId("medicine-issue");
    expect(rows.map((r) => r.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "Prescription issued, 2 Nov 2026 (Completed)",
      "Prescription issued, 10 Jan 2024 (Completed)",
      "Prescribing plan, 10 Jan 2024 (Active)",
    ]);
    await user.click(within(rows[2]).getByRole("link", { name: "Prescribing plan" }));
    expect(onopen).toHaveBeenCalledWith({ id: "m1", title: "Salbutamol 100micrograms/dose inhaler" });
  });

  it("puts the medicines that are not shown behind 'Other medicines in the record'", async () => {
    const { user } = setup();
    const others = await screen.findByTestId("medicines-others");
    expect(vi.mocked(commands.medicines)).toHaveBeenCalledWith("p1");
    await user.click(within(others).getByText("Other medicines in the record (1)"));
    const card = within(others).getByTestId("medicine");
    expect(card).toHaveTextContent("Amlodipine 10mg tablets");
    expect(within(card).getByTestId("medicine-current")).toHaveTextContent(/^Not current$/);
    expect(within(card).getByTestId("medicine-reason")).toHaveTextContent("Stopped.");
  });

  it("never says 'none' alone: with nothing current it names what was issued last", () => {
    setup(PAST_MEDICINES);
    expect(screen.getByTestId("medicines-statement")).toHaveTextContent(
      "No current medicines. Most recent: Citalopram 20mg tablets, last issued 1 Jun 2019 (7 years ago).",
    );
    const card = screen.getByTestId("medicine");
    expect(card).toHaveTextContent(CITALOPRAM.name);
    expect(within(card).getByTestId("medicine-current")).toHaveTextContent("Not current");
    expect(rowsOf(within(card).getByTestId("medicine-details"))[0]).toEqual(["Acute or repeat", "Acute (a one-off course)"]);
    expect(vi.mocked(commands.medicines)).not.toHaveBeenCalled();
  });

  it("says when no medicines were imported, without implying there are none", () => {
    setup(NO_MEDICINES);
    expect(screen.getByTestId("medicines-statement")).toHaveTextContent(
      "No medicines have been imported. This does not mean there are none",
    );
    expect(screen.queryByTestId("medicine")).toBeNull();
    expect(screen.queryByTestId("medicines-rule")).toBeNull();
  });

  it("shows a caution on a current medicine that is old", () => {
    const old = medicine({ caution: "Last issued over a year ago: check with your GP practice that it is still taken." });
    setup({ ...MEDICINES, summary: { ...MEDICINES.summary, shown: [old], othersHeading: null } });
    expect(screen.getByTestId("medicine-caution")).toHaveTextContent("check with your GP practice that it is still taken");
  });

  it("says so when the other medicines cannot be loaded, and still shows the current ones", async () => {
    vi.mocked(commands.medicines).mockRejectedValue(await appError("VAULT_LOCKED"));
    setup();
    expect(await screen.findByTestId("medicines-problem")).toHaveTextContent("Your record is locked.");
    expect(screen.getByTestId("medicine")).toHaveTextContent("Salbutamol");
  });

  it("sits in the record summary after active problems, under the backend's heading", async () => {
    vi.mocked(commands.recordSummary).mockResolvedValue(summary({ medicines: PAST_MEDICINES.summary }));
    render(Summary, { personId: "p1", personName: "Jane Jackson", onopen: vi.fn(), onimport: vi.fn(), onkind: vi.fn() });
    const section = await screen.findByTestId("summary-medications");
    expect(within(section).getByRole("heading", { level: 3 })).toHaveTextContent("Current medicines");
    expect(section).toHaveTextContent("No current medicines. Most recent: Citalopram 20mg tablets");
    const headings = screen.getAllByRole("heading", { level: 3 }).map((h) => h.textContent);
    expect(headings.slice(0, 3)).toEqual(["Allergies and reactions", "Active problems and conditions", "Current medicines"]);
  });
});
