/** Svelte action: moves focus to a screen's heading when the screen opens. */
export function focusOnMount(node: HTMLElement): void {
  node.focus();
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
