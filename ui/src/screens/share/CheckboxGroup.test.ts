import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import CheckboxGroup from "./CheckboxGroup.svelte";

type Fruit = "apple" | "pear" | "plum";
const FRUIT: Fruit[] = ["apple", "pear", "plum"];
const NAMES: Record<Fruit, string> = { apple: "Apples", pear: "Pears", plum: "Plums" };

/** Renders a group whose bound value is read back through `bound.value`, as `bind:value` would. */
function setup(over: { itemHint?: (f: Fruit) => string; error?: string; value?: Fruit[] } = {}) {
  const bound = { value: over.value ?? [] };
  const props = {
    name: "share-fruit",
    itemId: "share-fruit-item",
    legend: "Fruit",
    hint: "Tick each fruit they need.",
    options: FRUIT,
    label: (f: Fruit) => NAMES[f],
    itemHint: over.itemHint,
    error: over.error,
    get value() {
      return bound.value;
    },
    set value(v: Fruit[]) {
      bound.value = v;
    },
  };
  const { container } = render(CheckboxGroup<Fruit>, { props });
  return { bound, container, user: userEvent.setup() };
}

describe("CheckboxGroup", () => {
  it("renders a fieldset named by its legend, with a labelled checkbox for each option", () => {
    setup();
    const group = screen.getByRole("group", { name: "Fruit" });
    expect(group).toHaveAccessibleDescription("Tick each fruit they need.");
    expect(within(group).getByRole("heading", { level: 2, name: "Fruit" })).toBeInTheDocument();
    const boxes = within(group).getAllByRole("checkbox");
    expect(boxes.map((b) => b.getAttribute("value"))).toEqual(FRUIT);
    for (const fruit of FRUIT) {
      const box = screen.getByLabelText(NAMES[fruit]);
      expect(box).toHaveAttribute("id", `share-fruit-item-${fruit}`);
      expect(box).toHaveAttribute("name", "share-fruit");
      expect(box).toHaveAttribute("data-testid", `share-fruit-item-${fruit}`);
      expect(box).not.toBeChecked();
      expect(box).not.toHaveAttribute("aria-describedby");
    }
    expect(screen.queryByText("Error:")).not.toBeInTheDocument();
  });

  it("ticks what the bound value holds, and updates it by click and by keyboard", async () => {
    const { bound, user } = setup({ value: ["plum"] });
    expect(screen.getByLabelText("Plums")).toBeChecked();

    await user.click(screen.getByLabelText("Apples"));
    expect(bound.value).toEqual(["apple", "plum"]);
    expect(screen.getByLabelText("Apples")).toBeChecked();

    await user.click(screen.getByText("Plums")); // the label toggles its box too
    expect(bound.value).toEqual(["apple"]);
    expect(screen.getByLabelText("Plums")).not.toBeChecked();

    screen.getByLabelText("Pears").focus();
    await user.keyboard(" ");
    expect(bound.value).toEqual(["apple", "pear"]);
  });

  it("describes each box by its own hint when there are hints", () => {
    setup({ itemHint: (f) => `${f.length} letters` });
    for (const fruit of FRUIT) {
      const box = screen.getByLabelText(NAMES[fruit]);
      expect(box).toHaveAttribute("aria-describedby", `share-fruit-item-${fruit}-hint`);
      expect(box).toHaveAccessibleDescription(`${fruit.length} letters`);
    }
  });

  it("shows an error inside the fieldset and marks the form group", () => {
    const { container } = setup({ error: "Tick at least one fruit" });
    const error = screen.getByTestId("share-fruit-error");
    expect(error).toHaveAttribute("id", "share-fruit-error");
    expect(error).toHaveTextContent("Error: Tick at least one fruit");
    expect(screen.getByRole("group", { name: "Fruit" })).toContainElement(error);
    expect(container.querySelector(".nhsuk-form-group")).toHaveClass("nhsuk-form-group--error");
  });
});
