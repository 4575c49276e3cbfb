import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../commands";
import { appError, person } from "../test/ipc-mock";
import People from "./People.svelte";

vi.mock("../commands", async (io) => (await import("../test/ipc-mock")).mockCommands(io));

describe("People", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-23T12:00:00Z"));
  });

  it("lists people with en-GB dates, ages and grouped NHS numbers", async () => {
    vi.mocked(commands.listPeople).mockResolvedValue([
      person({ id: "b", name: "Tom Evans", dateOfBirth: "2025-05-02", nhsNumber: null }),
      person({ id: "a", name: "Margaret Evans", nhsNumber: "9434765919" }),
    ]);
    const onopen = vi.fn();
    render(People, { onadd: vi.fn(), onopen });
    expect(screen.getByRole("heading", { level: 1 })).toHaveFocus();
    const rows = await screen.findAllByTestId("person-row");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent("Margaret Evans");
    expect(rows[0]).toHaveTextContent("5 Jul 1948");
    expect(rows[0]).toHaveTextContent("78 years");
    expect(rows[0]).toHaveTextContent("943 476 5919");
    expect(rows[1]).toHaveTextContent("2 May 2025");
    expect(rows[1]).toHaveTextContent("18 months");
    expect(rows[1]).toHaveTextContent("Not given");
    expect(within(rows[0]).getByTestId("person-role")).toHaveTextContent("Me");

    vi.useRealTimers();
    await userEvent.setup().click(within(rows[1]).getByRole("link", { name: "Tom Evans" }));
    expect(onopen).toHaveBeenCalledWith(expect.objectContaining({ id: "b" }));
  });

  it("shows a receipt code kept from a handover, as the person's page does, until it is given", async () => {
    vi.mocked(commands.listPeople).mockResolvedValue([person({ id: "e", name: "Emma Jones", nhsNumber: null })]);
    vi.mocked(commands.handoverReceipt).mockResolvedValue({
      personId: "e",
      receipt: "7KQM-2XD9",
      give: "Give this receipt code to Sarah: 7KQM-2XD9",
      whatItDoes: "When they type it into their app, their copy of your record is removed. Until then, they still have it.",
      given: "I have given the code",
    });
    vi.mocked(commands.handoverReceiptGiven).mockResolvedValue(undefined as never);
    render(People, { onadd: vi.fn(), onopen: vi.fn() });
    expect(await screen.findByTestId("receipt-kept-give")).toHaveTextContent("Give this receipt code to Sarah: 7KQM-2XD9");
    expect(commands.handoverReceipt).toHaveBeenCalledWith("e");
    vi.useRealTimers();
    await userEvent.setup().click(screen.getByRole("button", { name: "I have given the code" }));
    expect(commands.handoverReceiptGiven).toHaveBeenCalledWith("e");
    expect(screen.queryByTestId("receipt-kept")).toBeNull();
  });

  it("shows who is cared for, whose role is not set, and a review that is due, in the backend's words", async () => {
    vi.mocked(commands.listPeople).mockResolvedValue([
      person({
        id: "m",
        name: "Margaret Jones",
        roleWords: "Your mother",
        prompt: "It is time to check that you still have the right to look after Margaret Jones's record.",
      }),
      person({ id: "o", name: "Older Entry", role: null, roleWords: "Role not set", prompt: "Tell us if this is your own record." }),
    ]);
    render(People, { onadd: vi.fn(), onopen: vi.fn() });
    const rows = await screen.findAllByTestId("person-row");
    const mum = rows.find((r) => r.textContent?.includes("Margaret Jones"))!;
    const old = rows.find((r) => r.textContent?.includes("Older Entry"))!;
    expect(within(mum).getByTestId("person-role")).toHaveTextContent("Your mother");
    expect(within(mum).getByTestId("person-prompt")).toHaveTextContent(/time to check/);
    expect(within(old).getByTestId("person-role")).toHaveTextContent("Role not set");
    expect(within(old).getByTestId("person-prompt")).toHaveTextContent("Tell us if this is your own record.");
  });

  it("shows what reminders are due now or missed for each person, in the backend's words, and nothing when none are", async () => {
    vi.mocked(commands.listPeople).mockResolvedValue([
      person({ id: "a", name: "Ada Lovelace" }),
      person({ id: "b", name: "Bob Lovelace" }),
      person({ id: "c", name: "Cat Lovelace" }),
    ]);
    const dueOf = (summary: string | null) => ({
      reminders: [],
      due: { due: [], missed: [], done: [], count: 2, summary },
      showDetails: false,
    });
    vi.mocked(commands.reminders).mockImplementation(async (id) => {
      if (id === "a") return dueOf("1 reminder due now, 2 missed");
      if (id === "b") return dueOf(null);
      throw await appError("VAULT_LOCKED");
    });
    render(People, { onadd: vi.fn(), onopen: vi.fn() });
    const rows = await screen.findAllByTestId("person-row");
    expect(await within(rows[0]).findByTestId("person-reminders")).toHaveTextContent("1 reminder due now, 2 missed");
    expect(commands.reminders).toHaveBeenCalledWith("b");
    expect(commands.reminders).toHaveBeenCalledWith("c");
    expect(within(rows[1]).queryByTestId("person-reminders")).toBeNull();
    expect(within(rows[2]).queryByTestId("person-reminders")).toBeNull();
    expect(screen.queryByTestId("error-summary")).toBeNull();
  });

  it("says when there is no one yet, and offers to add someone", async () => {
    vi.mocked(commands.listPeople).mockResolvedValue([]);
    const onadd = vi.fn();
    render(People, { onadd, onopen: vi.fn() });
    expect(await screen.findByTestId("people-empty")).toBeInTheDocument();
    vi.useRealTimers();
    await userEvent.setup().click(screen.getByTestId("add-person"));
    expect(onadd).toHaveBeenCalled();
  });

  it("shows a problem loading", async () => {
    vi.mocked(commands.listPeople).mockRejectedValue(await appError("DATABASE_DAMAGED"));
    render(People, { onadd: vi.fn(), onopen: vi.fn() });
    expect(await screen.findByTestId("error-summary")).toHaveTextContent(/damaged/);
  });
});
