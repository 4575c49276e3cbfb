// Rules the code base keeps: only ipc.ts talks to Tauri, only the generated
// commands.ts calls the backend through it, and nothing needs 'unsafe-inline'
// under the app's CSP.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import generated from "./test/vocabulary.json";

const SRC = join(process.cwd(), "src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const source = files(SRC).filter((f) => /\.(ts|svelte)$/.test(f) && !/\.test\.ts$/.test(f) && !f.includes("/test/"));
// What the interface itself wrote (the generated bindings and command list are the backend's).
// Test data beside the screens (fixtures.ts, test-data.ts) is the tests', not the interface's.
const handWritten = source.filter(
  (f) => !f.includes("/bindings/") && !f.endsWith("/commands.ts") && !/\/(fixtures|test-data)\.ts$/.test(f),
);

/** Files whose text (comments aside) matches `pattern`, relative to src/. */
function offendersOf(pattern: RegExp): string[] {
  return handWritten
    .filter((f) => pattern.test(withoutComments(readFileSync(f, "utf8"))))
    .map((f) => relative(SRC, f));
}

function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1").replace(/<!--[\s\S]*?-->/g, "");
}

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

  describe("holds no copy of a rule the backend keeps", () => {
    it("no NHS number check digit (Modulus 11)", () => {
      expect(offendersOf(/%\s*11\b|\(\s*10\s*-\s*i\s*\)/)).toEqual([]);
    });

    it("no share purpose limit, ODS code shape or expiry arithmetic", () => {
      expect(offendersOf(/\b500\b|\{3,10\}|MAX_MONTHS|addMonths|expiryFor/)).toEqual([]);
    });

    it("no date-of-birth year limits", () => {
      expect(offendersOf(/\b1880\b|year\s*-\s*1[0-9]{2}\b|\b130 years/)).toEqual([]);
    });

    it("no passphrase length or auto-lock range", () => {
      expect(offendersOf(/\b120\b|PASSPHRASE_LENGTH\s*=|<\s*10\b/)).toEqual([]);
    });

    it("no passphrase strength estimate: the hint is the backend's (passphrase_strength)", () => {
      expect(offendersOf(/estimateBits|strengthHint|zxcvbn|Math\.log2|["'](Weak|Fair|Good|Strong|Too short)["']/)).toEqual([]);
    });

    it("no reading of entry titles for 'no known allergies'", () => {
      expect(offendersOf(/no known \(drug|nkda/i)).toEqual([]);
    });

    it("no UCUM unit codes: unit words come from the backend's one table", () => {
      expect(offendersOf(/mm\[Hg\]|\[lb_av\]|\[in_i\]|\[ft_i\]|\[degF\]|\{score\}|\{steps\}|\{beats\}|["']Cel["']/)).toEqual([]);
    });

    it("no outside-target rule: the chart series carries the flags", () => {
      expect(offendersOf(/outsideEach|\.low2\b[^\n]*[<>]|[<>][^\n]*\.high2\b/)).toEqual([]);
    });

    it("no domain word the vocabulary holds, written out as a string", () => {
      const v = generated.vocabulary;
      const words = new Set<string>([
        ...v.entryKinds.flatMap((k) => [k.one, k.many]),
        ...v.sensitivities.flatMap((s) => [s.text, s.hint, s.shareWarning ?? ""]),
        ...v.statuses.map((w) => w.text),
        ...v.flags.flatMap((f) => [f.word, f.meaning]),
        ...v.resultWords.map((w) => w.text),
        ...v.codeSystems.map((w) => w.text),
        ...v.importStages.map((w) => w.text),
        ...v.readingKinds.map((k) => k.label),
        ...v.units.map((w) => w.text),
        ...v.summarySections.flatMap((s) => [s.heading, s.none]),
        ...v.urgencies.flatMap((u) => [u.label, u.meaning, u.flagText]),
        v.range.filterLabel,
        v.range.filterHint,
        ...v.range.bases.map((b) => b.text),
        v.noKnownAllergies,
        "Medications",
      ]);
      // Words that are also everyday words of the interface's own sentences and headings.
      for (const common of ["General", "Active", "Allergies", "Other information", "Steps", "Sleep", "Weight", "Height", "Temperature", "Revoked", "Expired", "Finished", "Current", "%", "kg", "cm", "hours", "steps", "mmol/L", "mg/dL", "L/min", "lb", "inches", "mmHg", ""]) {
        words.delete(common);
      }
      const quoted = [...words].map((w) => new RegExp(`["'\`]${w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["'\`]`));
      const offenders = handWritten.flatMap((f) => {
        const text = withoutComments(readFileSync(f, "utf8"));
        return quoted.filter((re) => re.test(text)).map((re) => `${relative(SRC, f)}: ${re.source}`);
      });
      expect(offenders).toEqual([]);
    });
  });
});
