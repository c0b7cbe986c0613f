import { expect, type Page } from '@playwright/test';

export class ProfilePage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto('/profile');
    await expect(this.page.getByTestId('profile-name')).toBeVisible();
  }

  email() {
    return this.page.getByTestId('profile-email');
  }

  async setDisplayName(name: string) {
    await this.page.getByTestId('profile-name').fill(name);
    await this.page.getByTestId('profile-save').click();
    await expect(this.page.getByTestId('profile-message')).toContainText('Saved');
  }
}
