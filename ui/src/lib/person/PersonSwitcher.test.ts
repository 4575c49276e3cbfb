import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import { person } from "../../test/ipc-mock";
import PersonSwitcher from "./PersonSwitcher.svelte";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));

const me = person({ id: "a", name: "Ada Lovelace", roleWords: "Me" });
const mum = person({ id: "m", name: "Margaret Jones", roleWords: "Your mother" });

describe("PersonSwitcher", () => {
  beforeEach(() => vi.clearAllMocks());

  it("says whose record is open and opens another with the keyboard only after Open", async () => {
    vi.mocked(commands.listPeople).mockResolvedValue([me, mum]);
    const onswitch = vi.fn();
    render(PersonSwitcher, { current: mum, onswitch });
    expect(await screen.findByTestId("person-switcher-current")).toHaveTextContent("Margaret Jones (Your mother)");
    const user = userEvent.setup();
    await user.selectOptions(screen.getByTestId("person-switcher-select"), "a");
    expect(onswitch).not.toHaveBeenCalled();
    screen.getByTestId("person-switcher-open").focus();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(onswitch).toHaveBeenCalledWith(expect.objectContaining({ id: "a" })));
  });

  it("with no record open (People, Settings), offers to open one, and opens only after Open", async () => {
    vi.mocked(commands.listPeople).mockResolvedValue([me, mum]);
    const onswitch = vi.fn();
    render(PersonSwitcher, { current: null, onswitch });
    expect(await screen.findByLabelText("Open someone's record")).toHaveValue("");
    expect(screen.queryByTestId("person-switcher-current")).toBeNull();
    const user = userEvent.setup();
    screen.getByTestId("person-switcher-open").focus();
    await user.keyboard("{Enter}");
    expect(onswitch).not.toHaveBeenCalled();
    await user.selectOptions(screen.getByTestId("person-switcher-select"), "m");
    screen.getByTestId("person-switcher-open").focus();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(onswitch).toHaveBeenCalledWith(expect.objectContaining({ id: "m" })));
  });

  it("is not shown when there is no one else", async () => {
    vi.mocked(commands.listPeople).mockResolvedValue([me]);
    render(PersonSwitcher, { current: me, onswitch: vi.fn() });
    await waitFor(() => expect(commands.listPeople).toHaveBeenCalled());
    expect(screen.queryByTestId("person-switcher")).toBeNull();
  });
});
