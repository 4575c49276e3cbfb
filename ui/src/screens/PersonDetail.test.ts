import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as ipc from "../ipc";
import * as commands from "../commands";
import { appError, person } from "../test/ipc-mock";
import PersonDetail from "./PersonDetail.svelte";

vi.mock("../commands", async (io) => (await import("../test/ipc-mock")).mockCommands(io));

const ENTRIES: ipc.AuditEntry[] = [
  { seq: 1, at: "2026-11-23T14:05:00Z", action: "personCreated", what: "Added this person to the app", who: "You", detail: "Added Margaret Evans", hash: "a" },
  { seq: 2, at: "2026-11-24T09:30:00Z", action: "personUpdated", what: "Changed their details", who: "You", detail: "Name changed", hash: "b" },
];

function setup() {
  const props = { person: person(), onedit: vi.fn(), ondeleted: vi.fn(), onback: vi.fn() };
  render(PersonDetail, props);
  return { props, user: userEvent.setup() };
}

describe("PersonDetail", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(commands.auditLog).mockResolvedValue(ENTRIES);
  });

  it("asks a carer whose review is due to confirm the right, and records it with the next date", async () => {
    const role = {
      kind: "caredFor",
      relationship: "mother",
      relationshipLabel: "Mother",
      basis: "consent",
      basisLabel: "They agreed to it",
      basisDate: "2025-11-01",
      basisRef: null,
      reviewOn: "2026-11-01",
      reviewDue: true,
    };
    const due = person({ role, roleWords: "Your mother", prompt: "It is time to check that you still have the right to look after Margaret Evans's record." });
    vi.mocked(commands.markReviewDone).mockResolvedValue(person({ role: { ...role, reviewOn: "2027-12-03", reviewDue: false } }));
    render(PersonDetail, { person: due, onedit: vi.fn(), ondeleted: vi.fn(), onback: vi.fn() });
    const user = userEvent.setup();
    const callout = screen.getByTestId("review-due");
    expect(callout).toHaveTextContent("Review due");
    expect(callout).toHaveTextContent("The reason you gave: They agreed to it");
    expect(callout).toHaveTextContent("They agreed to it");
    await user.click(screen.getByTestId("confirm-review"));
    expect(commands.markReviewDone).toHaveBeenCalledWith("p1", null);
    const done = await screen.findByTestId("review-done");
    expect(done).toHaveTextContent("The next review is on 3 Dec 2027");
    await waitFor(() => expect(done).toHaveFocus());
    expect(screen.queryByTestId("review-due")).toBeNull();
  });

  it("shows no review to someone whose review is not due", () => {
    setup();
    expect(screen.queryByTestId("review-due")).toBeNull();
  });

  it("shows the person's details and the audit log, newest first", async () => {
    setup();
    expect(screen.getByRole("heading", { level: 1, name: "Margaret Evans" })).toHaveFocus();
    expect(screen.getByTestId("person-details")).toHaveTextContent("5 Jul 1948");
    expect(screen.getByTestId("person-details")).toHaveTextContent("943 476 5919");
    const log = await screen.findByTestId("audit-log");
    const rows = within(log).getAllByRole("row").slice(1);
    expect(rows[0]).toHaveTextContent("24 Nov 2026, 09:30");
    expect(rows[0]).toHaveTextContent("Changed their details");
    expect(rows[1]).toHaveTextContent("23 Nov 2026, 14:05");
    expect(rows[1]).toHaveTextContent("Added this person to the app");
    expect(vi.mocked(commands.auditLog)).toHaveBeenCalledWith("p1");
  });

  it("checks the log", async () => {
    vi.mocked(commands.verifyAudit).mockResolvedValue([
      { personId: "p1", personName: "Margaret Evans", entries: 2, ok: true, brokenAt: null, problem: null },
    ]);
    const { user } = setup();
    await user.click(screen.getByRole("button", { name: "Check the log" }));
    await waitFor(() => expect(screen.getByTestId("verify-result")).toHaveTextContent("The log is complete"));
    expect(screen.getByTestId("verify-result")).toHaveTextContent("2 entries");
  });

  it("says where the log was changed", async () => {
    vi.mocked(commands.verifyAudit).mockResolvedValue([
      { personId: "p1", personName: "Margaret Evans", entries: 2, ok: false, brokenAt: 2, problem: "Its hash is wrong." },
    ]);
    const { user } = setup();
    await user.click(screen.getByRole("button", { name: "Check the log" }));
    await waitFor(() => expect(screen.getByTestId("verify-result")).toHaveTextContent("The log has been changed"));
    expect(screen.getByTestId("verify-result")).toHaveTextContent("Entry 2 does not match");
    expect(screen.getByTestId("verify-result")).toHaveTextContent("Its hash is wrong.");
  });

  it("asks for the person's name before deleting", async () => {
    vi.mocked(commands.deletePerson).mockResolvedValue(null);
    const { user, props } = setup();
    await user.click(screen.getByTestId("delete-person"));
    const dialog = screen.getByTestId("delete-dialog");
    expect(dialog).toHaveAttribute("open");
    expect(within(dialog).getByRole("heading", { name: "Delete Margaret Evans?" })).toBeInTheDocument();
    expect(screen.getByTestId("confirm-name")).toHaveFocus();

    await user.type(screen.getByTestId("confirm-name"), "Margaret");
    await user.click(screen.getByTestId("confirm-delete"));
    expect(screen.getByTestId("confirm-name")).toHaveAccessibleDescription(/does not match/);
    expect(vi.mocked(commands.deletePerson)).not.toHaveBeenCalled();

    await user.type(screen.getByTestId("confirm-name"), " Evans");
    await user.click(screen.getByTestId("confirm-delete"));
    await waitFor(() => expect(props.ondeleted).toHaveBeenCalledWith("Margaret Evans"));
    expect(vi.mocked(commands.deletePerson)).toHaveBeenCalledWith("p1", "Margaret Evans");
  });

  it("shows a backend refusal in the dialog", async () => {
    vi.mocked(commands.deletePerson).mockRejectedValue(await appError("CONFIRMATION_REQUIRED", "confirmName"));
    const { user } = setup();
    await user.click(screen.getByTestId("delete-person"));
    await user.type(screen.getByTestId("confirm-name"), "Margaret Evans");
    await user.click(screen.getByTestId("confirm-delete"));
    await waitFor(() =>
      expect(screen.getByTestId("confirm-name")).toHaveAccessibleDescription(/exactly as it is shown/),
    );
  });

  it("closes the dialog on Escape", async () => {
    const { user } = setup();
    await user.click(screen.getByTestId("delete-person"));
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.getByTestId("delete-dialog")).not.toHaveAttribute("open"));
  });
});
