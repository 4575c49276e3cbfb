import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import { appError, fileChoice, person, status } from "../../test/ipc-mock";
import { groupsOf, named } from "../../lib/handover";
import HandOver from "./HandOver.svelte";
import Receive from "./Receive.svelte";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

const emma = () => person({ id: "p2", name: "Emma Jones" });

describe("handover words", () => {
  it("puts the name in and splits a code into its groups", () => {
    expect(named("Hand over {name}'s record", "Emma")).toBe("Hand over Emma's record");
    expect(groupsOf("K7QM-2XD9-4HRT-8WP5")).toEqual(["K7QM", "2XD9", "4HRT", "8WP5"]);
  });
});

describe("HandOver (the carer's side)", () => {
  beforeEach(() => vi.clearAllMocks());

  it("saves the file, shows the code once, then finishes only after the confirmation", async () => {
    vi.mocked(commands.handoverStatus).mockResolvedValue({ personId: "p2", waiting: false, firstName: "Emma" });
    vi.mocked(commands.chooseHandoverPath).mockResolvedValue(fileChoice("emma.phrhandover"));
    vi.mocked(commands.handoverCreate).mockResolvedValue({ personId: "p2", fileName: "emma.phrhandover", code: "K7QM-2XD9-4HRT-8WP5" });
    vi.mocked(commands.handoverConfirm).mockResolvedValue(null);
    const ondone = vi.fn();
    render(HandOver, { person: emma(), onback: vi.fn(), ondone });
    const user = userEvent.setup();

    await user.click(await screen.findByTestId("handover-save"));
    expect(commands.handoverCreate).toHaveBeenCalledWith("p2", "handle-emma.phrhandover");
    expect((await screen.findByTestId("handover-code")).textContent).toContain("K7QM");
    await user.click(screen.getByTestId("handover-written"));
    expect(screen.queryByTestId("handover-code")).toBeNull();
    expect(document.activeElement?.textContent).toContain("Waiting for Emma's receipt code");

    await user.type(screen.getByTestId("handover-receipt"), "7KQM-2XD9");
    await user.click(screen.getByTestId("handover-finish"));
    expect(commands.handoverConfirm).not.toHaveBeenCalled();
    await user.click(screen.getByTestId("handover-confirm"));
    expect(commands.handoverConfirm).toHaveBeenCalledWith("p2", "7KQM-2XD9");
    await waitFor(() => expect(ondone).toHaveBeenCalledWith("Emma's record has been handed over and removed from this app."));
  });

  it("opens at the receipt step while a handover waits, and shows a wrong receipt at its field", async () => {
    vi.mocked(commands.handoverStatus).mockResolvedValue({ personId: "p2", waiting: true, firstName: "Emma" });
    vi.mocked(commands.handoverConfirm).mockRejectedValue(await appError("HANDOVER_RECEIPT_WRONG", "receipt", "That receipt code does not match."));
    const ondone = vi.fn();
    render(HandOver, { person: emma(), onback: vi.fn(), ondone });
    const user = userEvent.setup();
    await user.type(await screen.findByTestId("handover-receipt"), "0000-0000");
    await user.click(screen.getByTestId("handover-finish"));
    await user.click(screen.getByTestId("handover-confirm"));
    expect(await screen.findByTestId("handover-receipt-error")).toHaveTextContent("That receipt code does not match.");
    expect(ondone).not.toHaveBeenCalled();
  });
});

describe("HandOver for someone with their own password", () => {
  beforeEach(() => vi.clearAllMocks());

  it("says their own access must be opened first, in the backend's words, and offers to open it", async () => {
    vi.mocked(commands.handoverStatus).mockResolvedValue({ personId: "p2", waiting: false, firstName: "Margaret" });
    vi.mocked(commands.chooseHandoverPath).mockResolvedValue(fileChoice("margaret.phrhandover"));
    vi.mocked(commands.handoverCreate).mockRejectedValue(
      await appError("OWN_ACCESS_NEEDED", null, "Margaret needs to open their own access first."),
    );
    const words = {
      heading: "Margaret's own password",
      explain: [],
      setUp: "Set up Margaret's own password",
      keyboard: "Give the keyboard to Margaret.",
      open: "Margaret: open your own access",
      forgotten: "Forgotten your password?",
      banner: "Margaret's own access is open",
      close: "Close Margaret's own access",
      privateLine: null,
      recordLine: null,
      tampered: null,
      limitsHeading: "What your carer can see and do",
      privateHeading: "Your private entries",
      noPrivate: "You have no private entries.",
      changePassword: "Change your own password",
    };
    vi.mocked(commands.ownAccessStatus).mockResolvedValue({
      canHave: true,
      hasOwnAccess: true,
      open: false,
      privateCount: null,
      limitsTampered: false,
      afterSixteen: null,
      broughtBack: null,
      words,
    });
    const onownaccess = vi.fn();
    render(HandOver, { person: person({ id: "p2", name: "Margaret Jones" }), onback: vi.fn(), ondone: vi.fn(), onownaccess });
    const user = userEvent.setup();

    await user.click(await screen.findByTestId("handover-save"));
    const needed = await screen.findByTestId("handover-own-access-needed");
    expect(needed).toHaveTextContent("Margaret needs to open their own access first.");
    expect(needed).toHaveTextContent("Give the keyboard to Margaret.");
    expect(commands.ownAccessStatus).toHaveBeenCalledWith("p2");
    expect(screen.queryByTestId("handover-code")).toBeNull();

    // The button is a real button: reached with Tab, pressed with Enter.
    const open = screen.getByTestId("handover-open-own-access");
    expect(open).toHaveTextContent("Margaret: open your own access");
    open.focus();
    await user.keyboard("{Enter}");
    expect(onownaccess).toHaveBeenCalledTimes(1);
  });
});

describe("Receive (the first screen's handover)", () => {
  beforeEach(() => vi.clearAllMocks());

  it("asks for the file and the code, shows a wrong code at the code, then the recovery key and the receipt", async () => {
    vi.mocked(commands.passphraseStrength).mockResolvedValue({ score: 4, label: "Strong", acceptable: true, advice: [] });
    vi.mocked(commands.chooseHandoverFile).mockResolvedValue(fileChoice("emma.phrhandover"));
    vi.mocked(commands.handoverAccept)
      .mockRejectedValueOnce(await appError("HANDOVER_WRONG_CODE", "handoverCode", "That handover code does not open this file."))
      .mockResolvedValueOnce({
        personId: "p1",
        recoveryKey: "7K3M-9QXD-2HFA-8BCD-4WRT-6JKP-XYZ",
        receipt: "7KQM-2XD9",
        status: status({ unlocked: true }),
      });
    const ondone = vi.fn();
    const onopened = vi.fn();
    render(Receive, { oncancel: vi.fn(), ondone, onopened });
    const user = userEvent.setup();

    await user.click(screen.getByTestId("handover-open"));
    expect(commands.handoverAccept).not.toHaveBeenCalled();
    expect(await screen.findByTestId("handover-code-input-error")).toBeInTheDocument();

    await user.click(screen.getByTestId("choose-handover-file"));
    await user.type(screen.getByTestId("handover-code-input"), "K7QM-2XD9-4HRT-8WP6");
    await user.type(screen.getByTestId("handover-passphrase"), "copper meadow violin harbour");
    await user.type(screen.getByTestId("handover-passphrase-confirm"), "copper meadow violin harbour");
    await user.click(screen.getByTestId("handover-open"));
    expect(await screen.findByTestId("handover-code-input-error")).toHaveTextContent("does not open this file");

    await user.click(screen.getByTestId("handover-open"));
    expect(commands.handoverAccept).toHaveBeenLastCalledWith("handle-emma.phrhandover", "K7QM-2XD9-4HRT-8WP6", "copper meadow violin harbour");
    expect(await screen.findByTestId("recovery-key")).toBeInTheDocument();
    expect(onopened).toHaveBeenCalled();
    await user.type(screen.getByTestId("recovery-confirm-input"), "XYZ");
    await user.click(screen.getByTestId("recovery-continue"));
    expect((await screen.findByTestId("receipt-code")).textContent).toContain("2XD9");
    await user.click(screen.getByTestId("receipt-done"));
    expect(ondone).toHaveBeenCalled();
  });

  it("starts at the receipt step when it comes back after an auto-lock", async () => {
    const received = { personId: "p1", recoveryKey: "", receipt: "7KQM-2XD9", status: status({ unlocked: true }) };
    render(Receive, { oncancel: vi.fn(), ondone: vi.fn(), resumed: received });
    expect((await screen.findByTestId("receipt-code")).textContent).toContain("7KQM");
    expect(screen.queryByTestId("handover-open")).toBeNull();
  });
});

describe("HandOver: a new file", () => {
  beforeEach(() => vi.clearAllMocks());

  it("goes back to saving a file from the waiting step", async () => {
    vi.mocked(commands.handoverStatus).mockResolvedValue({ personId: "p2", waiting: true, firstName: "Emma" });
    render(HandOver, { person: emma(), onback: vi.fn(), ondone: vi.fn() });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("handover-make-new"));
    expect(await screen.findByTestId("handover-save")).toBeInTheDocument();
    expect(document.activeElement?.textContent).toContain("Hand over Emma's record");
  });
});
