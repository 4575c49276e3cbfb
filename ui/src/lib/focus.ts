/** Scrolls the page to its very top, so a new screen shows the header and its back link. */
export function scrollToTop(): void {
  document.documentElement.scrollTop = 0;
  document.body.scrollTop = 0;
}

/**
 * Svelte action: a screen opens at the top of the page with focus on its heading (which has
 * `tabindex="-1"`), so the header and back link are in view and a screen reader starts there.
 */
export function focusOnMount(node: HTMLElement): void {
  scrollToTop();
  node.focus({ preventScroll: true });
}

/** Builds error-summary items from field errors, in the form's field order. */
export function summaryItems(
  errors: Record<string, string>,
  order: [field: string, target: string][],
  general: string[] = [],
): { target: string | null; text: string }[] {
  const items: { target: string | null; text: string }[] = [];
  const known = new Set<string>();
  for (const [field, target] of order) {
    known.add(field);
    if (errors[field]) items.push({ target, text: errors[field] });
  }
  // A field the form does not show: list it without a link.
  for (const [field, text] of Object.entries(errors)) {
    if (!known.has(field) && text) items.push({ target: null, text });
  }
  for (const text of general) items.push({ target: null, text });
  return items;
}
