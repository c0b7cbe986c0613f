import { expect, type Page } from '@playwright/test';

export class PostEditorPage {
  constructor(private readonly page: Page) {}

  async gotoNew() {
    await this.page.goto('/blog/edit');
    await expect(this.page.getByTestId('editor-title')).toBeVisible();
  }

  async fill(title: string, body: string) {
    await this.page.getByTestId('editor-title').fill(title);
    await this.page.getByTestId('editor-body').fill(body);
  }

  async preview() {
    await this.page.getByTestId('editor-tab-preview').click();
    return this.page.getByTestId('editor-preview');
  }

  async write() {
    await this.page.getByTestId('editor-tab-write').click();
  }

  async chooseCover(file: { name: string; mimeType: string; buffer: Buffer }) {
    await this.page.getByTestId('cover-input').setInputFiles(file);
  }

  thumbnail() {
    return this.page.getByTestId('cover-thumbnail');
  }

  coverAlt() {
    return this.page.getByTestId('editor-cover-alt');
  }

  async setStatus(status: 'draft' | 'published') {
    await this.page.getByTestId(`editor-status-${status}`).check();
  }

  async save() {
    await this.page.getByTestId('editor-save').click();
  }

  message() {
    return this.page.getByTestId('editor-message');
  }

  body() {
    return this.page.getByTestId('editor-body');
  }

  toolbar() {
    return this.page.getByRole('toolbar', { name: 'Formatting' });
  }

  /** Selects `text` (its first occurrence) in the body textarea. */
  async select(text: string) {
    await this.body().evaluate((el, wanted) => {
      const area = el as HTMLTextAreaElement;
      const start = area.value.indexOf(wanted);
      if (start < 0) throw new Error(`"${wanted}" is not in the body`);
      area.focus();
      area.setSelectionRange(start, start + wanted.length);
    }, text);
  }

  imageDialog() {
    return this.page.getByRole('dialog', { name: 'Insert an image' });
  }
}

export class BlogIndexPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto('/blog');
    await expect(this.page.getByTestId('post-list').or(this.page.getByTestId('blog-empty'))).toBeVisible();
  }

  card(slugOrTitle: string) {
    return this.page.getByTestId('post-card').filter({ hasText: slugOrTitle });
  }
}

export class PostPage {
  constructor(private readonly page: Page) {}

  title() {
    return this.page.getByTestId('post-title');
  }

  body() {
    return this.page.getByTestId('post-body');
  }

  cover() {
    return this.page.getByTestId('post-cover');
  }
}
