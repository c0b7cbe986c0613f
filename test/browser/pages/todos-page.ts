import { expect, type Locator, type Page } from '@playwright/test';

export class TodosPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto('/todos');
    await this.waitLoaded();
  }

  async waitLoaded() {
    await expect(this.page.getByTestId('todo-new-title')).toBeVisible();
    await expect(this.page.getByTestId('todo-loading')).toHaveCount(0);
  }

  items() {
    return this.page.getByTestId('todo-item');
  }

  item(title: string): Locator {
    return this.items().filter({
      has: this.page.getByTestId('todo-title').getByText(title, { exact: true }),
    });
  }

  titles() {
    return this.page.getByTestId('todo-title');
  }

  async add(title: string) {
    await this.page.getByTestId('todo-new-title').fill(title);
    await this.page.getByTestId('todo-new-title').press('Enter');
    // Saved when the optimistic row has its server id.
    await expect(this.item(title)).toHaveAttribute('data-todo-id', /^(?!temp-)/);
    await expect(this.item(title)).not.toHaveAttribute('aria-busy', 'true');
  }

  async rename(from: string, to: string) {
    await this.item(from).getByTestId('todo-edit').click();
    const input = this.page.getByTestId('todo-edit-input');
    await input.fill(to);
    await input.press('Enter');
    await expect(this.item(to)).toBeVisible();
    await expect(this.item(to)).not.toHaveAttribute('aria-busy', 'true');
  }

  async toggle(title: string) {
    const item = this.item(title);
    const before = await item.getAttribute('data-done');
    await item.getByTestId('todo-toggle').click();
    await expect(item).not.toHaveAttribute('aria-busy', 'true');
    return before;
  }

  async filter(which: 'all' | 'open' | 'done') {
    await this.page.getByTestId(`todo-filter-${which}`).click();
    await this.waitLoaded();
  }

  async remove(title: string) {
    await this.item(title).getByTestId('todo-delete').click();
    await this.item(title).getByTestId('todo-delete-confirm').click();
    await expect(this.item(title)).toHaveCount(0);
    await expect(this.page.getByTestId('todo-message')).toContainText('Deleted');
  }

  async clearCompleted() {
    await this.page.getByTestId('todo-clear-done').click();
    await this.page.getByTestId('todo-clear-confirm').click();
    await expect(this.page.getByTestId('todo-message')).toContainText('Cleared');
  }

  /** Adds without waiting for the API: as a user typing several todos in a row. */
  async addQuickly(title: string, dueDate?: string) {
    await this.page.getByTestId('todo-new-title').fill(title);
    if (dueDate) await this.page.getByTestId('todo-new-due').fill(dueDate);
    await this.page.getByTestId('todo-new-title').press('Enter');
  }

  /** Opens the in-place editor, changes what is given, and saves with Enter. */
  async edit(title: string, changes: { title?: string; dueDate?: string; notes?: string }) {
    await this.item(title).getByTestId('todo-edit').click();
    if (changes.dueDate !== undefined) await this.page.getByTestId('todo-edit-due').fill(changes.dueDate);
    if (changes.notes !== undefined) await this.page.getByTestId('todo-edit-notes').fill(changes.notes);
    const input = this.page.getByTestId('todo-edit-input');
    if (changes.title !== undefined) await input.fill(changes.title);
    await input.press('Enter');
    const after = this.item(changes.title ?? title);
    await expect(after).toBeVisible();
    await expect(after).not.toHaveAttribute('aria-busy', 'true');
  }

  async sortBy(order: 'newest' | 'due') {
    await this.page.getByTestId('todo-sort').selectOption(order);
  }

  /** True when the focused element is `testId` inside the item titled `title`. */
  async focusedIn(title: string, testId: string): Promise<boolean> {
    return this.item(title)
      .getByTestId(testId)
      .evaluate((el) => el === document.activeElement);
  }

  message() {
    return this.page.getByTestId('todo-message');
  }
}
