/**
 * Moves focus, after React has rendered, to the first element that exists among `selectors`
 * (most specific first). Used where an action removes or re-renders the focused control, so
 * keyboard and screen-reader users stay where they were instead of dropping to <body>.
 */
export function focusSoon(...selectors: string[]): void {
  requestAnimationFrame(() => {
    for (const selector of selectors) {
      const element = document.querySelector<HTMLElement>(selector);
      if (element) {
        element.focus();
        return;
      }
    }
  });
}

/** `[data-testid="x"]` inside the list item with `data-<attr>="<value>"`. */
export function inItem(attr: string, value: string, testId: string): string {
  return `[data-${attr}="${CSS.escape(value)}"] [data-testid="${testId}"]`;
}
