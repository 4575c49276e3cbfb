// The question before an International Patient Summary about someone the app cannot match is
// imported, on the Import screen: it shows only what the document says of its subject (the
// backend's words), imports only after "Yes, add it", and "No" imports nothing. The IPS export
// sends the labels the person leaves out.
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../../commands";
import * as ipc from "../../ipc";
import { appError, fileChoice } from "../../test/ipc-mock";
import type { ImportSubjectQuestion } from "../../bindings/ImportSubjectQuestion";
import Import from "../../screens/record/Import.svelte";
import { report } from "../../screens/record/test-data";

vi.mock("../../commands", async (io) => (await import("../../test/ipc-mock")).mockCommands(io));
vi.mock("../../ipc", async (io) => (await import("../../test/ipc-mock")).mockIpc(io));

const QUESTION: ImportSubjectQuestion = {
  heading: "Check who this summary is about",
  question: "It may be about someone else. Add it only if it is about the person whose record this is.",
  documents: [
    {
      file: "summary-from-madrid.json",
      sender: "Hospital Universitario La Paz",
      names: ["María García López"],
      birthDate: null,
      identifiers: [{ label: "DNI", value: "12345678Z" }],
      reasons: ["The name in it is not the name in this record.", "It gives no date of birth."],
    },
  ],
};

function setup() {
  const props = { personId: "p1", personName: "Margaret Evans", onimported: vi.fn(), onundone: vi.fn() };
  render(Import, props);
  return { props, user: userEvent.setup() };
}

describe("An IPS about someone the app cannot match", () => {
  beforeEach(async () => {
    vi.clearAllMocks();
    vi.mocked(commands.onFilesDropped).mockResolvedValue(() => {});
    vi.mocked(commands.onImportProgress).mockResolvedValue(() => {});
    vi.mocked(ipc.onFileDrag).mockResolvedValue(() => {});
    vi.mocked(commands.gpPractices).mockResolvedValue([]);
    vi.mocked(commands.importHistory).mockResolvedValue([]);
    vi.mocked(commands.chooseFhirFiles).mockResolvedValue(fileChoice("summary-from-madrid.json"));
    vi.mocked(commands.importFiles).mockRejectedValue(await appError("IMPORT_SUBJECT_UNCONFIRMED", "paths"));
    vi.mocked(commands.importSubjectQuestion).mockResolvedValue(QUESTION);
  });

  it("shows what the document says of its subject and why, and imports only after Yes", async () => {
    vi.mocked(commands.importFilesConfirmed).mockResolvedValue(report());
    const { props, user } = setup();
    await user.click(screen.getByTestId("choose-fhir-files"));
    const box = await screen.findByTestId("subject-question");
    await waitFor(() => expect(screen.getByText("Check who this summary is about")).toHaveFocus());
    expect(box).toHaveTextContent("María García López");
    expect(box).toHaveTextContent("summary-from-madrid.json from Hospital Universitario La Paz");
    expect(box).toHaveTextContent("Date of birth in it Not given");
    expect(box).toHaveTextContent("DNI 12345678Z");
    expect(box).toHaveTextContent("It gives no date of birth.");
    // Nothing of the person's own details: the backend sends none, and the box adds none.
    expect(box).not.toHaveTextContent("Margaret");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(props.onimported).not.toHaveBeenCalled();

    await user.click(screen.getByTestId("subject-yes"));
    await screen.findByTestId("import-report");
    expect(commands.importFilesConfirmed).toHaveBeenCalledWith("p1", "handle-summary-from-madrid.json");
    expect(props.onimported).toHaveBeenCalled();
    expect(screen.queryByTestId("subject-question")).toBeNull();
  });

  it("imports nothing after No", async () => {
    const { props, user } = setup();
    await user.click(screen.getByTestId("choose-fhir-files"));
    await screen.findByTestId("subject-question");
    await user.click(screen.getByTestId("subject-no"));
    expect(screen.queryByTestId("subject-question")).toBeNull();
    expect(screen.getByTestId("import-notice")).toHaveTextContent("Nothing was imported.");
    expect(commands.importFilesConfirmed).not.toHaveBeenCalled();
    expect(props.onimported).not.toHaveBeenCalled();
  });

  it("saves an IPS leaving out the labels the person ticks", async () => {
    vi.mocked(commands.chooseIpsExportPath).mockResolvedValue(fileChoice("my-patient-summary-ips.json"));
    vi.mocked(commands.exportIps).mockResolvedValue({ path: "/home/sam/ips.json", resources: 12, bytes: 40_000 });
    const { user } = setup();
    await user.click(screen.getByTestId("ips-leave-out-mentalHealth"));
    await user.click(screen.getByTestId("export-ips"));
    expect(await screen.findByTestId("export-ips-result")).toHaveTextContent("Saved a patient summary");
    expect(commands.exportIps).toHaveBeenCalledWith("p1", "handle-my-patient-summary-ips.json", ["mentalHealth"]);
  });
});
