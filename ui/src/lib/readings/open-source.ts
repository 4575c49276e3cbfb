// Opens where advice comes from in the computer's own web browser. The webview has no opener
// permission and never navigates away from the app: it names the advice's row, and the
// backend opens that row's source page, and no other address.
import * as commands from "../../commands";
import type { Advice } from "../../bindings/Advice";

/** Opens the page; resolves to "" or to a sentence saying it could not, with its address. */
export async function openSource(advice: Pick<Advice, "rule" | "source">): Promise<string> {
  try {
    await commands.openAdviceSource(advice.rule);
    return "";
  } catch {
    return `Your web browser could not be opened. To read the page, type this address into your web browser: ${advice.source.url}`;
  }
}
