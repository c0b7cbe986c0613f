import type { Page } from '@playwright/test';

/** The header: links and the account corner. */
export class AppNav {
  constructor(private readonly page: Page) {}

  async signOut() {
    await this.page.getByTestId('nav-signout').click();
    await this.page.getByTestId('nav-signin').waitFor();
  }

  signedInAs() {
    return this.page.getByTestId('nav-profile');
  }

  async open(link: 'todos' | 'files' | 'blog' | 'my-posts' | 'write' | 'profile') {
    await this.page.getByTestId(`nav-${link}`).click();
  }
}
