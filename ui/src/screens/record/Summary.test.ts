import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import { appError } from "../../test/ipc-mock";
import Summary from "./Summary.svelte";
import { EMPTY_SUMMARY, PENICILLIN, POTASSIUM, entry, summary } from "./test-data";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

function setup() {
  const props = { personId: "p1", personName: "Margaret Evans", onopen: vi.fn(), onimport: vi.fn(), onkind: vi.fn() };
  render(Summary, props);
  return { props, user: userEvent.setup() };
}

describe("Summary", () => {
  beforeEach(() => vi.clearAllMocks());

  it("shows allergies first, then problems, medicines, results and vaccinations", async () => {
    vi.mocked(commands.recordSummary).mockResolvedValue(summary());
    setup();
    const allergies = await screen.findByTestId("summary-allergies");
    expect(within(allergies).getByRole("link", { name: "Penicillin" })).toBeInTheDocument();
    expect(screen.getByTestId("summary-problems")).toHaveTextContent("Asthma");
    expect(screen.getByTestId("summary-problems")).toHaveTextContent("Active");
    expect(screen.getByTestId("summary-medications")).toHaveTextContent("Salbutamol");
    expect(screen.getByTestId("summary-immunisations")).toHaveTextContent("1 Oct 2025");
    expect(vi.mocked(commands.recordSummary)).toHaveBeenCalledWith("p1");
    // The section order on screen: allergies come before everything else.
    const headings = screen.getAllByRole("heading", { level: 3 }).map((h) => h.textContent);
    expect(headings[0]).toBe("Allergies and reactions");
  });

  it("spells out a result's flag rather than relying on colour", async () => {
    vi.mocked(commands.recordSummary).mockResolvedValue(summary());
    setup();
    const results = await screen.findByTestId("summary-results");
    expect(results).toHaveTextContent("5.9 mmol/L");
    expect(within(results).getByTestId("entry-flag")).toHaveTextContent("High: above the normal range");
    expect(results).toHaveTextContent("14 Oct 2026");
  });

  it("shows counts, the total and the last import with its source", async () => {
    vi.mocked(commands.recordSummary).mockResolvedValue(summary());
    const { props, user } = setup();
    expect(await screen.findByTestId("summary-total")).toHaveTextContent("1,111 entries in total.");
    expect(screen.getByTestId("summary-counts")).toHaveTextContent("Test results: 1,060");
    expect(screen.getByTestId("last-import")).toHaveTextContent(
      "Last imported 23 Nov 2026, 14:05 from Beech House Surgery (GP practice, organisation code A12345): 1,111 added",
    );
    await user.click(screen.getByRole("link", { name: "Test results" }));
    expect(props.onkind).toHaveBeenCalledWith("result");
  });

  it("opens an entry", async () => {
    vi.mocked(commands.recordSummary).mockResolvedValue(summary());
    const { props, user } = setup();
    await user.click(await screen.findByRole("link", { name: "Serum potassium" }));
    expect(props.onopen).toHaveBeenCalledWith(POTASSIUM);
  });

  it("tells 'no known allergies' apart from 'no allergy information'", async () => {
    vi.mocked(commands.recordSummary).mockResolvedValue(
      // The backend puts an entry that records no allergy apart from the allergies.
      summary({ allergies: [], noKnownAllergies: [entry({ id: "nka", kind: "allergy", title: "No known allergy" })] }),
    );
    setup();
    expect(await screen.findByTestId("no-known-allergies")).toHaveTextContent("No known allergies recorded.");
    expect(screen.queryByTestId("allergies-not-imported")).toBeNull();
  });

  it("says when no allergy information was imported, without implying there are none", async () => {
    vi.mocked(commands.recordSummary).mockResolvedValue(summary({ allergies: [] }));
    setup();
    expect(await screen.findByTestId("allergies-not-imported")).toHaveTextContent(
      "No allergy information has been imported. This does not mean there are none",
    );
    expect(screen.queryByTestId("no-known-allergies")).toBeNull();
    expect(screen.queryByText(PENICILLIN.title)).toBeNull();
  });

  it("leads an empty record to Import", async () => {
    vi.mocked(commands.recordSummary).mockResolvedValue(EMPTY_SUMMARY);
    const { props, user } = setup();
    expect(await screen.findByTestId("record-empty")).toHaveTextContent(
      "Nothing has been imported into Margaret Evans's record yet.",
    );
    expect(screen.queryByTestId("summary-allergies")).toBeNull();
    await user.click(screen.getByTestId("go-import"));
    expect(props.onimport).toHaveBeenCalled();
  });

  it("shows a problem loading the summary", async () => {
    vi.mocked(commands.recordSummary).mockRejectedValue(await appError("VAULT_LOCKED"));
    setup();
    expect(await screen.findByTestId("error-summary")).toHaveTextContent("Your record is locked.");
  });

  it("saves the summary as a PDF the app makes, says it is not encrypted, and opens it to print", async () => {
    vi.mocked(commands.recordSummary).mockResolvedValue(summary());
    vi.mocked(commands.saveSummaryPdf).mockResolvedValueOnce(null);
    const { user } = setup();
    await user.click(await screen.findByTestId("summary-pdf-button"));
    expect(commands.saveSummaryPdf).toHaveBeenCalledWith("p1");
    expect(screen.queryByTestId("summary-pdf-saved")).not.toBeInTheDocument();
    vi.mocked(commands.saveSummaryPdf).mockResolvedValueOnce({ handle: "h1", displayName: "summary.pdf", count: 1 });
    await user.click(screen.getByTestId("summary-pdf-button"));
    const saved = await screen.findByTestId("summary-pdf-saved");
    expect(saved).toHaveTextContent("Saved as summary.pdf");
    expect(saved).toHaveTextContent("not encrypted");
    await user.click(screen.getByTestId("summary-pdf-open"));
    expect(commands.openSavedPdf).toHaveBeenCalledWith("h1");
  });

  it("saves the appointment page and the emergency card, each under its own button", async () => {
    vi.mocked(commands.recordSummary).mockResolvedValue(summary());
    vi.mocked(commands.saveAppointmentSummaryPdf).mockResolvedValueOnce({ handle: "h2", displayName: "appointment.pdf", count: 1 });
    vi.mocked(commands.saveEmergencyCardPdf).mockResolvedValueOnce({ handle: "h3", displayName: "emergency-card.pdf", count: 1 });
    const { user } = setup();
    await user.click(await screen.findByRole("button", { name: "Save the appointment page as a PDF" }));
    expect(commands.saveAppointmentSummaryPdf).toHaveBeenCalledWith("p1");
    expect(await screen.findByTestId("appointment-pdf-saved")).toHaveTextContent("Saved as appointment.pdf");
    await user.click(screen.getByRole("button", { name: "Save the emergency card as a PDF" }));
    expect(commands.saveEmergencyCardPdf).toHaveBeenCalledWith("p1");
    expect(await screen.findByTestId("emergency-card-pdf-saved")).toHaveTextContent("Saved as emergency-card.pdf");
    expect(commands.saveSummaryPdf).not.toHaveBeenCalled();
  });
});
