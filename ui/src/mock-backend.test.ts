// The browser suites' mock backend (browser-tests/mock-backend.mjs) stands in for every
// backend command: a command added to the table (and so to commands.ts) must be added there
// too, and one removed from the table must go.
import { describe, expect, it } from "vitest";
import { COMMAND_NAMES } from "./commands";
// @ts-expect-error: plain JavaScript, serialised into the page by Playwright; no types.
import { installMockBackend } from "../browser-tests/mock-backend.mjs";

describe("the browser suites' mock backend", () => {
  it("implements exactly the backend's commands", () => {
    installMockBackend({});
    const mock = (window as unknown as { __mock: { commandNames: string[] } }).__mock;
    const implemented = [...mock.commandNames].sort();
    const missing = COMMAND_NAMES.filter((name) => !implemented.includes(name));
    const extra = implemented.filter((name) => !(COMMAND_NAMES as readonly string[]).includes(name));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });
});
