import { expect, type Page } from '@playwright/test';

export interface UploadFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export class FilesPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto('/files');
    await this.waitLoaded();
  }

  async waitLoaded() {
    await expect(this.page.getByTestId('files-summary')).toBeVisible({ timeout: 30_000 });
  }

  async choose(files: UploadFile[]) {
    await this.page.getByTestId('files-input').setInputFiles(files);
  }

  upload(name: string) {
    return this.page.getByTestId('upload-item').and(this.page.locator(`[data-name="${name}"]`));
  }

  file(name: string) {
    return this.page.getByTestId('file-item').and(this.page.locator(`[data-name="${name}"]`));
  }

  async download(name: string) {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.file(name).getByTestId('file-download').click(),
    ]);
    return download;
  }

  conflict() {
    return this.page.getByTestId('file-conflict');
  }

  async answerConflict(choice: 'keep-both' | 'replace' | 'skip') {
    await this.page.getByTestId(`file-conflict-${choice}`).click();
  }

  /** True when the focused element is `testId` inside the file row `name`. */
  async focusedIn(name: string, testId: string): Promise<boolean> {
    return this.file(name)
      .getByTestId(testId)
      .evaluate((el) => el === document.activeElement);
  }

  async remove(name: string) {
    await this.file(name).getByTestId('file-delete').click();
    await this.file(name).getByTestId('file-delete-confirm').click();
    await expect(this.file(name)).toHaveCount(0);
  }
}
