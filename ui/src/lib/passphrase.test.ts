import { describe, expect, it } from "vitest";
import * as passphrase from "./passphrase";
import { vocabulary } from "../test/ipc-mock";

describe("passphrase rules in the interface", () => {
  it("the minimum length is the backend's, from the vocabulary", () => {
    expect(passphrase.minPassphraseLength()).toBe(vocabulary().limits.passphraseMinChars);
  });

  it("holds no strength estimate of its own", () => {
    expect(Object.keys(passphrase)).toEqual(["minPassphraseLength"]);
  });
});
