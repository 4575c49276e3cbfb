// Rules the code base keeps: only ipc.ts talks to Tauri, only the generated
// commands.ts calls the backend through it, and nothing needs 'unsafe-inline'
// under the app's CSP.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(process.cwd(), "src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const source = files(SRC).filter((f) => /\.(ts|svelte)$/.test(f) && !/\.test\.ts$/.test(f) && !f.includes("/test/"));

describe("architecture", () => {
  it("only ipc.ts imports invoke or listen from @tauri-apps/api", () => {
    const offenders = source
      .filter((f) => /@tauri-apps\/api/.test(readFileSync(f, "utf8")))
      .map((f) => relative(SRC, f));
    expect(offenders).toEqual(["ipc.ts"]);
  });

  it("calls backend commands only through the generated commands.ts", () => {
    const offenders = source
      .filter((f) => !f.endsWith("/commands.ts") && !f.endsWith("/ipc.ts"))
      .filter((f) => {
        const text = readFileSync(f, "utf8");
        return /import\s*\{[^}]*\b(call|subscribe)\b[^}]*\}\s*from\s*"[./]*ipc"/.test(text) || /\bipc\.(call|subscribe)\(/.test(text);
      })
      .map((f) => relative(SRC, f));
    expect(offenders).toEqual([]);
  });

  it("uses no inline styles or raw HTML in components", () => {
    const offenders = source
      .filter((f) => f.endsWith(".svelte"))
      .filter((f) => {
        const markup = readFileSync(f, "utf8").replace(/<script[\s\S]*?<\/script>/g, "").replace(/<style[\s\S]*?<\/style>/g, "");
        return /\sstyle=|\sstyle:|\{@html/.test(markup);
      })
      .map((f) => relative(SRC, f));
    expect(offenders).toEqual([]);
  });

  it("never matches on error message text", () => {
    const offenders = source
      .filter((f) => {
        const text = readFileSync(f, "utf8").replace(/typeof [\w.]+/g, "");
        return /\.message\s*(===|==|!==|\.includes|\.match|\.startsWith)/.test(text);
      })
      .map((f) => relative(SRC, f));
    expect(offenders).toEqual([]);
  });
});
