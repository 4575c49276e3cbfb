import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as ipc from "../../ipc";
import * as commands from "../../commands";
import { appError, person } from "../../test/ipc-mock";
import { KINDS, reading, urgentBpAdvice, usualRangeAdvice } from "./fixtures";
import QuickAdd from "./QuickAdd.svelte";
import { forgetDrafts } from "../../lib/drafts";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

const NOW = new Date(2026, 10, 23, 8, 5, 0); // 23 Nov 2026, 08:05 in Europe/London (GMT)

function setup(kind: ipc.ReadingKind = "bloodPressure") {
  const props = { person: person(), kinds: KINDS, kind, onback: vi.fn(), onchart: vi.fn(), now: () => NOW };
  render(QuickAdd, props);
  return { props, user: userEvent.setup() };
}

describe("QuickAdd", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    // What a form left half-typed is kept for an auto-lock; each test starts afresh, as the app
    // does on every move between screens.
    forgetDrafts();
  });

  it("builds the blood pressure form from its kind, with the time defaulting to now", () => {
    setup();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Add a reading: Blood pressure");
    expect(screen.getByRole("heading", { level: 1 })).toHaveFocus();
    expect(screen.getByLabelText(/Systolic/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Diastolic/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Pulse/)).toBeInTheDocument();
    expect(within(screen.getByLabelText("Arm (optional)")).getByRole("option", { name: "Left arm" })).toBeInTheDocument();
    expect(within(screen.getByLabelText("Position (optional)")).getByRole("option", { name: "Sitting" })).toBeInTheDocument();
    expect(screen.getByTestId("reading-date-day")).toHaveValue("23");
    expect(screen.getByTestId("reading-date-month")).toHaveValue("11");
    expect(screen.getByTestId("reading-date-year")).toHaveValue("2026");
    expect(screen.getByTestId("reading-time")).toHaveValue("08:05");
  });

  it("adds a reading with Enter, then clears the form and puts focus back on the first field", async () => {
    vi.mocked(commands.addReading).mockResolvedValue(reading({ display: "128/82 mmHg, pulse 70" }));
    const { user } = setup();
    await user.type(screen.getByTestId("reading-value"), "128");
    await user.type(screen.getByTestId("reading-value2"), "82");
    await user.type(screen.getByTestId("reading-pulse"), "70");
    await user.selectOptions(screen.getByTestId("reading-arm"), "left");
    await user.type(screen.getByTestId("reading-note"), "after a walk{Enter}");

    await waitFor(() => expect(commands.addReading).toHaveBeenCalledTimes(1));
    expect(vi.mocked(commands.addReading).mock.calls[0]).toEqual([
      "p1",
      {
        kind: "bloodPressure",
        at: "2026-11-23T08:05:00+00:00",
        value: 128,
        value2: 82,
        pulse: 70,
        unit: "mm[Hg]",
        context: undefined,
        arm: "left",
        position: undefined,
        text: undefined,
        note: "after a walk",
        confirm: false,
      },
    ]);
    await waitFor(() => expect(screen.getByTestId("reading-value")).toHaveFocus());
    expect(screen.getByTestId("reading-value")).toHaveValue("");
    expect(screen.getByTestId("reading-note")).toHaveValue("");
    expect(screen.getByTestId("reading-added")).toHaveTextContent("Added 128/82 mmHg, pulse 70, taken 23 Nov 2026, 08:05.");
  });

  it("checks what it can before sending: missing values and a bad time", async () => {
    const { user } = setup();
    await user.clear(screen.getByTestId("reading-time"));
    await user.type(screen.getByTestId("reading-time"), "25:00");
    await user.click(screen.getByTestId("save-reading"));
    expect(commands.addReading).not.toHaveBeenCalled();
    expect(screen.getByTestId("reading-value")).toHaveAccessibleDescription(/Enter the systolic pressure/);
    expect(screen.getByTestId("reading-value2")).toHaveAccessibleDescription(/Enter the diastolic pressure/);
    expect(screen.getByTestId("reading-time")).toHaveAccessibleDescription(/24-hour clock/);
    expect(screen.getByTestId("error-summary")).toHaveFocus();
  });

  it("puts the backend's reason next to the field it names (READING_IMPOSSIBLE)", async () => {
    vi.mocked(commands.addReading).mockRejectedValue(
      await appError("READING_IMPOSSIBLE", "value2", "The diastolic pressure must be below the systolic."),
    );
    const { user } = setup();
    await user.type(screen.getByTestId("reading-value"), "120");
    await user.type(screen.getByTestId("reading-value2"), "130{Enter}");
    await waitFor(() =>
      expect(screen.getByTestId("reading-value2")).toHaveAccessibleDescription(/must be below the systolic/),
    );
    expect(screen.getByTestId("reading-value2")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("reading-value")).not.toHaveAttribute("aria-invalid");
  });

  it("asks before keeping an unusual value, then sends it again with confirm", async () => {
    vi.mocked(commands.addReading)
      .mockRejectedValueOnce(await appError("READING_NEEDS_CONFIRMATION", "value", "This is unusually high. Is 200 mmHg right?"))
      .mockResolvedValueOnce(reading({ value: 200, display: "200/90 mmHg", unusual: ["Systolic is unusually high"] }));
    const { user } = setup();
    await user.type(screen.getByTestId("reading-value"), "200");
    await user.type(screen.getByTestId("reading-value2"), "90{Enter}");

    const dialog = await screen.findByTestId("confirm-dialog");
    await waitFor(() => expect(dialog).toHaveAttribute("open"));
    expect(screen.getByTestId("confirm-message")).toHaveTextContent("This is unusually high. Is 200 mmHg right?");
    // The safe answer has the focus.
    expect(screen.getByTestId("change-reading")).toHaveFocus();
    expect(screen.queryByTestId("confirm-advice")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("confirm-reading"));

    await waitFor(() => expect(commands.addReading).toHaveBeenCalledTimes(2));
    expect(vi.mocked(commands.addReading).mock.calls[0][1].confirm).toBe(false);
    expect(vi.mocked(commands.addReading).mock.calls[1][1]).toMatchObject({ value: 200, value2: 90, confirm: true });
    await waitFor(() => expect(screen.getByTestId("reading-added")).toHaveTextContent("It is marked as unusual."));
  });

  it("'No, change it' keeps the value and moves to the field in question", async () => {
    vi.mocked(commands.addReading).mockRejectedValueOnce(
      await appError("READING_NEEDS_CONFIRMATION", "value2", "This is unusually high. Is 130 mmHg right?"),
    );
    const { user } = setup();
    await user.type(screen.getByTestId("reading-value"), "190");
    await user.type(screen.getByTestId("reading-value2"), "130{Enter}");
    await screen.findByTestId("confirm-message");
    await user.click(screen.getByTestId("change-reading"));
    await waitFor(() => expect(screen.getByTestId("reading-value2")).toHaveFocus());
    expect(screen.getByTestId("reading-value2")).toHaveValue("130");
    expect(commands.addReading).toHaveBeenCalledTimes(1);
  });

  it("a red-flag reading: the backend's advice as an urgent care card before saving, focus on 'No, change it'", async () => {
    const advice = urgentBpAdvice();
    const ask = () =>
      new ipc.IpcError("READING_NEEDS_CONFIRMATION", "Very high blood pressure. Check the reading; if it is right, confirm to save it.", "value", advice);
    vi.mocked(commands.addReading)
      .mockRejectedValueOnce(ask())
      .mockRejectedValueOnce(ask())
      .mockResolvedValueOnce(reading({ value: 185, value2: 122, display: "185/122 mmHg", unusual: ["Very high blood pressure."], advice }));
    const { user } = setup();
    await user.type(screen.getByTestId("reading-value"), "185");
    await user.type(screen.getByTestId("reading-value2"), "122{Enter}");

    const card = await screen.findByTestId("confirm-advice");
    await waitFor(() => expect(screen.getByTestId("change-reading")).toHaveFocus());
    // An NHS urgent care card: the urgency in words from the vocabulary, then what to do.
    expect(card).toHaveClass("nhsuk-card--care--urgent");
    expect(within(card).getByRole("heading", { level: 3 })).toHaveTextContent("Urgent: Very high blood pressure");
    expect(card).toHaveTextContent("Act today.");
    expect(screen.getByTestId("confirm-advice-text")).toHaveTextContent(/ask for an urgent GP appointment today or call NHS 111/);
    // The emergency row, as the backend gives it, in words.
    const more = screen.getByTestId("confirm-advice-if-symptoms");
    expect(more).toHaveAttribute("data-urgency", "emergency");
    expect(more).toHaveTextContent("Emergency: if you also have chest pain, shortness of breath");
    expect(more).toHaveTextContent("Call 999 now.");
    // The source as a link that opens outside the app.
    const link = within(card).getByRole("link", { name: /NICE guideline NG136/ });
    expect(link).toHaveAttribute("href", "https://www.nice.org.uk/guidance/ng136/chapter/Recommendations");
    // The advice comes before the question in the dialog.
    const dialog = screen.getByTestId("confirm-dialog");
    const order = [...dialog.querySelectorAll("[data-testid]")].map((e) => e.getAttribute("data-testid"));
    expect(order.indexOf("confirm-advice")).toBeLessThan(order.indexOf("confirm-message"));
    expect(order.indexOf("change-reading")).toBeLessThan(order.indexOf("confirm-reading"));

    // Enter on the focused answer changes the reading: nothing is saved.
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByTestId("reading-value")).toHaveFocus());
    expect(commands.addReading).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId("reading-value")).toHaveValue("185");

    // Asked again, "Yes, it is right": saved, and the advice shows after saving, with the focus.
    await user.click(screen.getByTestId("save-reading"));
    await screen.findByTestId("confirm-advice");
    await user.click(screen.getByTestId("confirm-reading"));
    await waitFor(() => expect(commands.addReading).toHaveBeenCalledTimes(3));
    expect(vi.mocked(commands.addReading).mock.calls.map((c) => c[1].confirm)).toEqual([false, false, true]);
    expect(vi.mocked(commands.addReading).mock.calls[2][1]).toMatchObject({ value: 185, value2: 122, confirm: true });
    const saved = await screen.findByTestId("saved-advice");
    expect(saved).toHaveClass("nhsuk-card--care--urgent");
    expect(within(saved).getByRole("heading", { level: 2 })).toHaveTextContent("Urgent: Very high blood pressure");
    await waitFor(() => expect(within(saved).getByRole("heading", { level: 2 })).toHaveFocus());
    // The form under the card has its own heading, so it is not read as part of the card.
    expect(screen.getByRole("heading", { level: 2, name: "Add another reading" })).toBeInTheDocument();
    const source = screen.getByTestId("saved-advice-source");
    expect(source).toHaveTextContent("NICE guideline NG136: Hypertension in adults: diagnosis and management");
    expect(source).toHaveTextContent("(https://www.nice.org.uk/guidance/ng136/chapter/Recommendations). Checked against it on 3 Dec 2026.");
  });

  it("a reading outside the usual range only: its advice quietly after saving, and focus back on the first field", async () => {
    vi.mocked(commands.addReading).mockResolvedValue(reading({ value: 141, value2: 88, display: "141/88 mmHg", advice: usualRangeAdvice() }));
    const { user } = setup();
    await user.type(screen.getByTestId("reading-value"), "141");
    await user.type(screen.getByTestId("reading-value2"), "88{Enter}");
    const saved = await screen.findByTestId("saved-advice");
    expect(saved).toHaveClass("nhsuk-inset-text");
    expect(saved).not.toHaveClass("nhsuk-card--care");
    expect(saved).toHaveTextContent("Higher than the usual range");
    await waitFor(() => expect(screen.getByTestId("reading-value")).toHaveFocus());
  });

  it("glucose: a unit select (mg/dL accepted) and when it was taken", async () => {
    vi.mocked(commands.addReading).mockResolvedValue(
      reading({ kind: "bloodGlucose", value: 5.99, value2: undefined, display: "6.0 mmol/L (108 mg/dL)" }),
    );
    const { user } = setup("bloodGlucose");
    expect(screen.queryByTestId("reading-value2")).not.toBeInTheDocument();
    await user.type(screen.getByLabelText("Blood glucose"), "108");
    await user.selectOptions(screen.getByLabelText("Unit"), "mg/dL");
    await user.selectOptions(screen.getByLabelText("When was it taken? (optional)"), "fasting");
    await user.click(screen.getByTestId("save-reading"));
    await waitFor(() => expect(commands.addReading).toHaveBeenCalled());
    expect(vi.mocked(commands.addReading).mock.calls[0][1]).toMatchObject({
      kind: "bloodGlucose",
      value: 108,
      unit: "mg/dL",
      context: "fasting",
    });
  });

  it("a symptom note is text", async () => {
    vi.mocked(commands.addReading).mockResolvedValue(reading({ kind: "symptom", value: undefined, text: "Headache", display: "Headache" }));
    const { user } = setup("symptom");
    expect(screen.queryByTestId("reading-value")).not.toBeInTheDocument();
    await user.type(screen.getByTestId("reading-text"), "Headache");
    await user.click(screen.getByTestId("save-reading"));
    await waitFor(() => expect(commands.addReading).toHaveBeenCalled());
    expect(vi.mocked(commands.addReading).mock.calls[0][1]).toMatchObject({ kind: "symptom", text: "Headache", value: undefined });
    await waitFor(() => expect(screen.getByTestId("reading-text")).toHaveFocus());
  });
});
