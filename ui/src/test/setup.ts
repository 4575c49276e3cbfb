import "@testing-library/jest-dom/vitest";
import type { Vocabulary } from "../bindings/Vocabulary";
import { setVocabulary } from "../lib/vocabulary";
// The words and limits as the backend gives them, written by a Rust test
// (crates/phr-app/tests/vocabulary.rs) and kept fresh by it.
import generated from "./vocabulary.json";

setVocabulary(generated.vocabulary as Vocabulary);

// jsdom does not implement the modal parts of <dialog>.
if (typeof HTMLDialogElement !== "undefined") {
  const proto = HTMLDialogElement.prototype as HTMLDialogElement & Record<string, unknown>;
  if (typeof proto.showModal !== "function" || proto.showModal.toString().includes("not implemented")) {
    proto.showModal = function (this: HTMLDialogElement) {
      this.setAttribute("open", "");
    };
  }
  if (typeof proto.close !== "function") {
    proto.close = function (this: HTMLDialogElement) {
      this.removeAttribute("open");
      this.dispatchEvent(new Event("close"));
    };
  }
}
