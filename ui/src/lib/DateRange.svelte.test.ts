import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import DateRange, { type DateParts } from "./DateRange.svelte";

const blank = (): DateParts => ({ day: "", month: "", year: "" });

/**
 * Renders a range whose bound values are read back through `bound`, as `bind:from` / `bind:to` would.
 * `bound` is $state, like a screen's own form state, so the fields' bindings are reactive.
 */
function setup(over: { fromError?: string; toError?: string; toErrorParts?: ("day" | "month" | "year")[]; from?: DateParts } = {}) {
  const bound = $state({ from: over.from ?? blank(), to: blank() });
  const props = {
    fromId: "trip-from",
    fromLegend: "From",
    fromHint: "For example, 1 1 2024",
    fromError: over.fromError,
    toId: "trip-to",
    toLegend: "Up to",
    toError: over.toError,
    toErrorParts: over.toErrorParts,
    get from() {
      return bound.from;
    },
    set from(v: DateParts) {
      bound.from = v;
    },
    get to() {
      return bound.to;
    },
    set to(v: DateParts) {
      bound.to = v;
    },
  };
  const { container } = render(DateRange, { props });
  return { bound, container, user: userEvent.setup() };
}

describe("DateRange", () => {
  it("renders a from field then an up-to field, each a fieldset named by its legend with its own ids", () => {
    const { container } = setup({ from: { day: "2", month: "3", year: "2025" } });
    const groups = screen.getAllByRole("group");
    expect(groups.map((g) => g.querySelector("legend")?.textContent)).toEqual(["From", "Up to"]);

    const from = screen.getByRole("group", { name: "From" });
    expect(from).toHaveAttribute("aria-describedby", "trip-from-hint");
    expect(from).toHaveAccessibleDescription("For example, 1 1 2024");
    const to = screen.getByRole("group", { name: "Up to" });
    expect(to).not.toHaveAttribute("aria-describedby");

    for (const [id, group] of [
      ["trip-from", from],
      ["trip-to", to],
    ] as const) {
      expect(group.querySelector(".nhsuk-date-input")).toHaveAttribute("id", id);
      for (const part of ["Day", "Month", "Year"]) {
        const input = within(group).getByLabelText(part);
        const key = `${id}-${part.toLowerCase()}`;
        expect(input).toHaveAttribute("id", key);
        expect(input).toHaveAttribute("name", key);
        expect(input).toHaveAttribute("data-testid", key);
        expect(input).not.toHaveAttribute("aria-invalid");
      }
    }
    expect(screen.getByTestId("trip-from-day")).toHaveValue("2");
    expect(screen.getByTestId("trip-from-year")).toHaveValue("2025");
    expect(screen.getByTestId("trip-to-day")).toHaveValue("");
    // Two form groups side by side, nothing wrapped around them.
    expect(Array.from(container.children).map((c) => c.className)).toEqual(["nhsuk-form-group", "nhsuk-form-group"]);
    expect(screen.queryByText("Error:")).not.toBeInTheDocument();
  });

  it("typing into either field updates that bound value only", async () => {
    const { bound, user } = setup();
    await user.type(screen.getByTestId("trip-from-day"), "1");
    await user.type(screen.getByTestId("trip-from-month"), "12");
    await user.type(screen.getByTestId("trip-from-year"), "2025");
    await user.tab(); // into the up-to day field, as the keyboard goes
    expect(screen.getByTestId("trip-to-day")).toHaveFocus();
    await user.keyboard("31");
    await user.type(screen.getByTestId("trip-to-month"), "1");
    await user.type(screen.getByTestId("trip-to-year"), "20261"); // maxlength 4
    expect(bound.from).toEqual({ day: "1", month: "12", year: "2025" });
    expect(bound.to).toEqual({ day: "31", month: "1", year: "2026" });
  });

  it("shows each error on its own field, marking only the parts it is about", () => {
    const { container } = setup({ toError: "The end date must be on or after the start date.", toErrorParts: ["year"] });
    const [fromGroup, toGroup] = Array.from(container.children);
    expect(fromGroup).not.toHaveClass("nhsuk-form-group--error");
    expect(toGroup).toHaveClass("nhsuk-form-group--error");

    const error = container.querySelector("#trip-to-error");
    expect(error).toHaveTextContent("Error: The end date must be on or after the start date.");
    expect(screen.getByRole("group", { name: "Up to" })).toContainElement(error as HTMLElement);
    expect(screen.getByRole("group", { name: "Up to" })).toHaveAttribute("aria-describedby", "trip-to-error");
    expect(screen.getByTestId("trip-to-year")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("trip-to-day")).not.toHaveAttribute("aria-invalid");
    expect(container.querySelector("#trip-from-error")).toBeNull();
    expect(screen.getByTestId("trip-from-day")).not.toHaveAttribute("aria-invalid");
  });

  it("puts a from error on the from field, described after its hint", () => {
    const { container } = setup({ fromError: "Enter a real date." });
    const from = screen.getByRole("group", { name: "From" });
    expect(from).toHaveAttribute("aria-describedby", "trip-from-hint trip-from-error");
    expect(within(from).getByText("Enter a real date.")).toBeInTheDocument();
    for (const part of ["day", "month", "year"]) {
      expect(screen.getByTestId(`trip-from-${part}`)).toHaveAttribute("aria-invalid", "true");
      expect(screen.getByTestId(`trip-to-${part}`)).not.toHaveAttribute("aria-invalid");
    }
    expect(container.querySelector("#trip-to-error")).toBeNull();
  });
});
