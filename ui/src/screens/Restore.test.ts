import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../commands";
import { appError, fileChoice, status } from "../test/ipc-mock";
import Restore from "./Restore.svelte";

vi.mock("../commands", async (io) => (await import("../test/ipc-mock")).mockCommands(io));

describe("Restore", () => {
  beforeEach(() => {
    vi.clearAllMocks();
  });

  it("needs a file and a passphrase", async () => {
    render(Restore, { onrestored: vi.fn(), oncancel: vi.fn() });
    await userEvent.setup().click(screen.getByTestId("restore-submit"));
    const summary = screen.getByTestId("error-summary");
    expect(summary).toHaveTextContent("Choose the backup file to restore.");
    expect(summary).toHaveTextContent("Enter the passphrase the backup was made with.");
    expect(vi.mocked(commands.restoreBackup)).not.toHaveBeenCalled();
  });

  it("restores, and shows a damaged backup next to the file", async () => {
    vi.mocked(commands.chooseRestoreFile).mockResolvedValue(fileChoice("record.phrbackup"));
    vi.mocked(commands.restoreBackup).mockRejectedValueOnce(await appError("BACKUP_DAMAGED"));
    const s = status({ unlocked: true });
    vi.mocked(commands.restoreBackup).mockResolvedValueOnce(s);
    const onrestored = vi.fn();
    render(Restore, { onrestored, oncancel: vi.fn() });
    const user = userEvent.setup();
    await user.click(screen.getByTestId("choose-restore-file"));
    await waitFor(() => expect(screen.getByTestId("restore-path")).toHaveTextContent("record.phrbackup"));
    await user.type(screen.getByTestId("restore-passphrase"), "correct horse battery");
    await user.click(screen.getByTestId("restore-submit"));
    await waitFor(() => expect(screen.getByTestId("choose-restore-file")).toHaveAccessibleDescription(/damaged/));
    await user.click(screen.getByTestId("restore-submit"));
    await waitFor(() => expect(onrestored).toHaveBeenCalledWith(s));
    expect(vi.mocked(commands.restoreBackup)).toHaveBeenLastCalledWith("handle-record.phrbackup", "correct horse battery");
  });
});
