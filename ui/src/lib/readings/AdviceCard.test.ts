import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import { appError } from "../../test/ipc-mock";
import { urgentBpAdvice, usualRangeAdvice } from "../../screens/readings/fixtures";
import AdviceCard from "./AdviceCard.svelte";
import FlagTag from "./FlagTag.svelte";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

describe("AdviceCard", () => {
  beforeEach(() => vi.clearAllMocks());

  it("draws each urgency as its NHS care card, with the urgency in words: emergency, urgent, non-urgent", () => {
    const cases = [
      ["emergency", "nhsuk-card--care--emergency", "Emergency:", "Call 999 now."],
      ["urgent", "nhsuk-card--care--urgent", "Urgent:", "Act today."],
      ["soon", "nhsuk-card--care--non-urgent", "Needs attention:", "Not an emergency. Follow the advice."],
    ] as const;
    for (const [urgency, variant, label, meaning] of cases) {
      const { unmount } = render(AdviceCard, { advice: urgentBpAdvice({ urgency, ifSymptoms: [] }), testid: "card" });
      const card = screen.getByTestId("card");
      expect(card).toHaveClass("nhsuk-card--care", variant);
      expect(screen.getByTestId("card-urgency")).toHaveTextContent(label);
      expect(card).toHaveTextContent(meaning);
      unmount();
    }
  });

  it("advice that asks for nothing is quiet inset text, not a care card", () => {
    render(AdviceCard, { advice: usualRangeAdvice(), testid: "card" });
    const card = screen.getByTestId("card");
    expect(card).toHaveClass("nhsuk-inset-text");
    expect(card).not.toHaveClass("nhsuk-card--care");
    expect(card).toHaveTextContent("Higher than the usual range");
  });

  it("says when the reading is not from today, as the backend words it", () => {
    const stale = "This reading was taken on 1 Dec 2026. The advice is for a reading like this taken now. If you feel unwell now, take a new reading.";
    render(AdviceCard, { advice: urgentBpAdvice({ stale }), testid: "card" });
    expect(screen.getByTestId("card-stale")).toHaveTextContent(stale);
  });

  it("the source link asks the backend to open that row's page, and the app stays where it is", async () => {
    vi.mocked(commands.openAdviceSource).mockResolvedValue(null);
    render(AdviceCard, { advice: urgentBpAdvice(), testid: "card" });
    const link = within(screen.getByTestId("card")).getByRole("link", { name: /NICE guideline NG136.*opens in your web browser/ });
    const before = window.location.href;
    const click = new MouseEvent("click", { bubbles: true, cancelable: true });
    await fireEvent(link, click);
    expect(click.defaultPrevented).toBe(true);
    expect(window.location.href).toBe(before);
    expect(commands.openAdviceSource).toHaveBeenCalledWith("bp-very-high");
  });

  it("when the browser cannot be opened, says so and gives the address to type", async () => {
    vi.mocked(commands.openAdviceSource).mockRejectedValue(await appError("IO"));
    const user = userEvent.setup();
    render(AdviceCard, { advice: urgentBpAdvice(), testid: "card", compact: true });
    await user.click(screen.getByRole("link", { name: /NICE guideline NG136/ }));
    await waitFor(() =>
      expect(screen.getByRole("alert")).toHaveTextContent(
        "Your web browser could not be opened. To read the page, type this address into your web browser: https://www.nice.org.uk/guidance/ng136/chapter/Recommendations",
      ),
    );
  });
});

describe("FlagTag", () => {
  it("says the urgency in words (the vocabulary's), with the headline for a screen reader; the long form for professionals", () => {
    const { unmount } = render(FlagTag, { advice: urgentBpAdvice() });
    expect(screen.getByTestId("red-flag-tag")).toHaveTextContent("Urgent: Very high blood pressure");
    expect(screen.getByTestId("red-flag-tag")).toHaveClass("nhsuk-tag");
    unmount();
    render(FlagTag, { advice: urgentBpAdvice(), long: true });
    expect(screen.getByTestId("red-flag-tag").firstChild?.textContent).toBe("Red flag: urgent");
  });
});
