import { describe, expect, it } from "vitest";
import { estimateBits, strengthHint } from "./passphrase";

describe("strengthHint", () => {
  it("says how many characters are missing below 10", () => {
    expect(strengthHint("")).toMatchObject({ score: 0, label: "Too short" });
    expect(strengthHint("abcdefghi").advice).toMatch(/Add 1 more character\./);
    expect(strengthHint("abc").advice).toMatch(/Add 7 more characters\./);
  });
  it("calls common and repetitive passphrases weak", () => {
    expect(strengthHint("password123").label).toBe("Weak");
    expect(strengthHint("aaaaaaaaaaaa").label).toBe("Weak");
    expect(strengthHint("qwertyuiop").label).toBe("Weak");
  });
  it("likes three or more random words", () => {
    expect(strengthHint("otter lantern gravel").score).toBeGreaterThanOrEqual(3);
    expect(strengthHint("otter lantern gravel mosaic").label).toBe("Strong");
  });
  it("never gives negative bits", () => {
    expect(estimateBits("password")).toBeGreaterThanOrEqual(0);
  });
});
