import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as commands from "../commands";
import { vocabulary } from "../test/ipc-mock";
import { setVocabulary } from "./vocabulary";
import { handleTextSizeKey, loadTextSize, showTextSize, stepFrom, textSize, textSizeKey } from "./textSize.svelte";

vi.mock("../commands", async (io) => (await import("../test/ipc-mock")).mockCommands(io));

const key = (init: KeyboardEventInit) => new KeyboardEvent("keydown", { cancelable: true, ...init });
const zoom = () => document.documentElement.style.zoom;

describe("text size", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    setVocabulary(vocabulary());
    vi.mocked(commands.setPreferences).mockImplementation(async (p) => p);
    showTextSize(100);
  });
  afterEach(() => {
    setVocabulary(vocabulary());
    showTextSize(100);
  });

  it("knows Ctrl +, Ctrl =, Ctrl −, Ctrl 0 and the number pad's keys, and nothing else", () => {
    expect(textSizeKey(key({ key: "+", ctrlKey: true }))).toBe("larger");
    expect(textSizeKey(key({ key: "=", ctrlKey: true }))).toBe("larger");
    expect(textSizeKey(key({ key: "+", code: "NumpadAdd", ctrlKey: true }))).toBe("larger");
    expect(textSizeKey(key({ key: "-", ctrlKey: true }))).toBe("smaller");
    expect(textSizeKey(key({ key: "-", code: "NumpadSubtract", ctrlKey: true }))).toBe("smaller");
    expect(textSizeKey(key({ key: "0", ctrlKey: true }))).toBe("normal");
    expect(textSizeKey(key({ key: "0", code: "Numpad0", ctrlKey: true }))).toBe("normal");
    expect(textSizeKey(key({ key: "+", metaKey: true }))).toBe("larger");
    expect(textSizeKey(key({ key: "+" }))).toBeNull();
    expect(textSizeKey(key({ key: "+", ctrlKey: true, altKey: true }))).toBeNull();
    expect(textSizeKey(key({ key: "l", ctrlKey: true }))).toBeNull();
  });

  it("Ctrl + twice goes to the second step up; Ctrl 0 goes back to normal", () => {
    const steps = vocabulary().textSizes.map((s) => s.percent);
    const plus = key({ key: "+", ctrlKey: true });
    expect(handleTextSizeKey(plus)).toBe(true);
    expect(plus.defaultPrevented).toBe(true);
    handleTextSizeKey(key({ key: "+", ctrlKey: true }));
    expect(textSize.percent).toBe(steps[2]);
    expect(zoom()).toBe(`${steps[2]}%`);
    expect(vi.mocked(commands.setPreferences)).toHaveBeenLastCalledWith({ textSizePercent: steps[2] });
    handleTextSizeKey(key({ key: "0", ctrlKey: true }));
    expect(textSize.percent).toBe(steps[0]);
    expect(zoom()).toBe("");
    expect(vi.mocked(commands.setPreferences)).toHaveBeenLastCalledWith({ textSizePercent: steps[0] });
  });

  it("stays at the ends: no smaller than normal, no larger than the largest", () => {
    const steps = vocabulary().textSizes.map((s) => s.percent);
    handleTextSizeKey(key({ key: "-", ctrlKey: true }));
    expect(textSize.percent).toBe(steps[0]);
    expect(vi.mocked(commands.setPreferences)).not.toHaveBeenCalled();
    for (let i = 0; i < steps.length + 2; i++) handleTextSizeKey(key({ key: "=", ctrlKey: true }));
    expect(textSize.percent).toBe(steps[steps.length - 1]);
    expect(stepFrom(130, 1, [100, 125, 150])).toBe(150);
    expect(stepFrom(130, -1, [100, 125, 150])).toBe(125);
  });

  it("takes its steps from the backend's vocabulary, not its own list", () => {
    setVocabulary({ ...vocabulary(), textSizes: [{ percent: 100, label: "Normal" }, { percent: 140, label: "Big" }] });
    handleTextSizeKey(key({ key: "+", ctrlKey: true }));
    expect(textSize.percent).toBe(140);
    handleTextSizeKey(key({ key: "+", ctrlKey: true }));
    expect(textSize.percent).toBe(140);
  });

  it("shows the saved size, and normal when the saved one cannot be read", async () => {
    vi.mocked(commands.getPreferences).mockResolvedValue({ textSizePercent: 150 });
    await loadTextSize();
    expect(zoom()).toBe("150%");
    showTextSize(100);
    vi.mocked(commands.getPreferences).mockRejectedValue(new Error("no backend"));
    await loadTextSize();
    expect(zoom()).toBe("");
  });
});
