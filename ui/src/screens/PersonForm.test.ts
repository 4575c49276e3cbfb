import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../commands";
import { appError, person } from "../test/ipc-mock";
import PersonForm from "./PersonForm.svelte";

vi.mock("../commands", async (io) => (await import("../test/ipc-mock")).mockCommands(io));

async function fill(user: ReturnType<typeof userEvent.setup>, values: Record<string, string>) {
  for (const [testid, value] of Object.entries(values)) {
    const el = screen.getByTestId(testid);
    await user.clear(el);
    if (value) await user.type(el, value);
  }
}

describe("PersonForm", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(commands.checkPerson).mockResolvedValue([]);
    vi.mocked(commands.checkPersonUpdate).mockResolvedValue([]);
  });

  it("lists problems in the summary, linked to the fields, and shows each next to its field", async () => {
    // What the backend's check_person says about this input (fixed test data).
    vi.mocked(commands.checkPerson).mockResolvedValue([
      { code: "INVALID_NAME", field: "name", message: "Enter the person's name." },
      { code: "INVALID_DATE_OF_BIRTH", field: "dateOfBirth", message: "Enter a real date of birth, for example 1948-07-05." },
      { code: "INVALID_NHS_NUMBER", field: "nhsNumber", message: "NHS number must be 10 digits, like 943 476 5919." },
    ]);
    render(PersonForm, { person: null, onsaved: vi.fn(), oncancel: vi.fn() });
    const user = userEvent.setup();
    await fill(user, { "dob-day": "31", "dob-month": "2", "dob-year": "1990", "nhs-number": "12345" });
    await user.click(screen.getByTestId("save-person"));

    const summary = screen.getByTestId("error-summary");
    expect(summary).toHaveFocus();
    const links = Array.from(summary.querySelectorAll("a")).map((a) => [a.getAttribute("href"), a.textContent]);
    expect(links).toEqual([
      ["#person-name", "Enter the person's name."],
      ["#dob-day", "Date of birth must be a real date."],
      ["#nhs-number", "NHS number must be 10 digits, like 943 476 5919."],
    ]);
    expect(screen.getByTestId("person-name")).toHaveAccessibleDescription(/Enter the person's name/);
    expect(screen.getByTestId("nhs-number")).toHaveAccessibleDescription(/10 digits/);
    expect(screen.getByRole("group", { name: "Date of birth" })).toHaveAccessibleDescription(/real date/);
    expect(screen.getByTestId("dob-day")).toHaveClass("nhsuk-input--error");
    expect(screen.getByTestId("dob-month")).not.toHaveClass("nhsuk-input--error");
    expect(vi.mocked(commands.addPerson)).not.toHaveBeenCalled();
    expect(vi.mocked(commands.checkPerson)).toHaveBeenCalledWith({ name: "", dateOfBirth: "", nhsNumber: "12345" });

    await user.click(screen.getByRole("link", { name: "Enter the person's name." }));
    expect(screen.getByTestId("person-name")).toHaveFocus();
  });

  it("adds a person", async () => {
    const saved = person();
    vi.mocked(commands.addPerson).mockResolvedValue(saved);
    const onsaved = vi.fn();
    render(PersonForm, { person: null, onsaved, oncancel: vi.fn() });
    const user = userEvent.setup();
    await fill(user, {
      "person-name": "Margaret Evans",
      "dob-day": "5",
      "dob-month": "7",
      "dob-year": "1948",
      "nhs-number": "943 476 5919",
    });
    await user.click(screen.getByTestId("save-person"));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(saved));
    expect(vi.mocked(commands.addPerson)).toHaveBeenCalledWith({
      name: "Margaret Evans",
      dateOfBirth: "1948-07-05",
      nhsNumber: "9434765919",
    });
  });

  it("shows the backend's field errors next to the field", async () => {
    vi.mocked(commands.addPerson).mockRejectedValue(
      await appError("INVALID_DATE_OF_BIRTH", "dateOfBirth", "Date of birth cannot be more than 130 years ago."),
    );
    render(PersonForm, { person: null, onsaved: vi.fn(), oncancel: vi.fn() });
    const user = userEvent.setup();
    await fill(user, { "person-name": "Ann", "dob-day": "1", "dob-month": "1", "dob-year": "1990" });
    await user.click(screen.getByTestId("save-person"));
    await waitFor(() =>
      expect(screen.getByRole("group", { name: "Date of birth" })).toHaveAccessibleDescription(/130 years/),
    );
    expect(screen.getByTestId("error-summary")).toHaveTextContent("130 years");
  });

  it("edits a person, starting from their details", async () => {
    const p = person();
    vi.mocked(commands.updatePerson).mockResolvedValue({ ...p, name: "Margaret Ann Evans" });
    const onsaved = vi.fn();
    render(PersonForm, { person: p, onsaved, oncancel: vi.fn() });
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Change details for Margaret Evans");
    expect(screen.getByTestId("dob-day")).toHaveValue("5");
    expect(screen.getByTestId("dob-month")).toHaveValue("7");
    expect(screen.getByTestId("dob-year")).toHaveValue("1948");
    expect(screen.getByTestId("nhs-number")).toHaveValue("943 476 5919");
    const user = userEvent.setup();
    await fill(user, { "person-name": "Margaret Ann Evans" });
    await user.click(screen.getByTestId("save-person"));
    await waitFor(() => expect(onsaved).toHaveBeenCalled());
    expect(vi.mocked(commands.updatePerson)).toHaveBeenCalledWith("p1", {
      name: "Margaret Ann Evans",
      dateOfBirth: "1948-07-05",
      nhsNumber: "9434765919",
      role: { kind: "me", relationship: null, basis: null, basisDate: null, basisRef: null, reviewOn: null },
    });
    // A change is checked against everyone else, not against the person themselves.
    expect(vi.mocked(commands.checkPersonUpdate)).toHaveBeenCalledWith("p1", expect.objectContaining({ name: "Margaret Ann Evans" }));
    expect(vi.mocked(commands.checkPerson)).not.toHaveBeenCalled();
  });

  it("asks who a cared-for person is and what gives the right, revealing the reference for an LPA", async () => {
    vi.mocked(commands.checkPerson).mockResolvedValue([]);
    vi.mocked(commands.addPerson).mockResolvedValue(person({ name: "Margaret Jones" }));
    const onsaved = vi.fn();
    render(PersonForm, { person: null, onsaved, oncancel: vi.fn() });
    const user = userEvent.setup();
    await fill(user, { "person-name": "Margaret Jones", "dob-day": "3", "dob-month": "2", "dob-year": "1930", "nhs-number": "" });
    expect(screen.queryByTestId("relationship")).toBeNull();
    await user.click(screen.getByTestId("role-caredFor"));
    expect(screen.getByText("I look after this person's health record for them.")).toBeInTheDocument();
    await user.selectOptions(screen.getByTestId("relationship"), "mother");
    expect(screen.queryByTestId("basis-ref")).toBeNull();
    await user.click(screen.getByTestId("basis-lpa"));
    await user.type(screen.getByTestId("basis-ref"), "7000-0000-1234");
    await user.click(screen.getByTestId("save-person"));
    await waitFor(() => expect(onsaved).toHaveBeenCalled());
    expect(vi.mocked(commands.addPerson)).toHaveBeenCalledWith({
      name: "Margaret Jones",
      dateOfBirth: "1930-02-03",
      nhsNumber: null,
      role: {
        kind: "caredFor",
        relationship: "mother",
        basis: "lpa",
        basisDate: null,
        basisRef: "7000-0000-1234",
        reviewOn: null,
      },
    });
  });

  it("shows the role's problems from the backend's check beside their fields", async () => {
    vi.mocked(commands.checkPerson).mockResolvedValue([
      { code: "INVALID_INPUT", field: "relationship", message: "Choose who this person is to you." },
      { code: "INVALID_INPUT", field: "basis", message: "Choose what gives you the right to look after their record." },
    ]);
    render(PersonForm, { person: null, onsaved: vi.fn(), oncancel: vi.fn() });
    const user = userEvent.setup();
    await fill(user, { "person-name": "Margaret Jones", "dob-day": "3", "dob-month": "2", "dob-year": "1930" });
    await user.click(screen.getByTestId("role-caredFor"));
    await user.click(screen.getByTestId("save-person"));
    expect(await screen.findByText(/Choose who this person is to you\./, { selector: ".nhsuk-error-message" })).toBeInTheDocument();
    expect(screen.getByText(/Choose what gives you the right/, { selector: ".nhsuk-error-message" })).toBeInTheDocument();
    expect(vi.mocked(commands.addPerson)).not.toHaveBeenCalled();
  });
});
