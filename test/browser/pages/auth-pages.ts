import { expect, type Page } from '@playwright/test';

export class SignUpPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto('/signup');
  }

  async signUp(email: string, password: string) {
    await this.page.getByTestId('signup-email').fill(email);
    await this.page.getByTestId('signup-password').fill(password);
    await this.page.getByTestId('signup-submit').click();
  }

  error() {
    return this.page.getByTestId('signup-error');
  }
}

export class ConfirmPage {
  constructor(private readonly page: Page) {}

  async expectOpen() {
    await expect(this.page).toHaveURL(/\/confirm\?/);
    await expect(this.page.getByTestId('confirm-code')).toBeVisible();
  }

  localHint() {
    return this.page.getByTestId('confirm-local-hint');
  }

  async confirm(code: string) {
    await this.page.getByTestId('confirm-code').fill(code);
    await this.page.getByTestId('confirm-submit').click();
  }

  error() {
    return this.page.getByTestId('confirm-error');
  }
}

export class SignInPage {
  constructor(private readonly page: Page) {}

  async goto(next?: string) {
    await this.page.goto(next ? `/signin?next=${encodeURIComponent(next)}` : '/signin');
  }

  async signIn(email: string, password: string) {
    const emailInput = this.page.getByTestId('signin-email');
    if ((await emailInput.inputValue()) !== email) await emailInput.fill(email);
    await this.page.getByTestId('signin-password').fill(password);
    await this.page.getByTestId('signin-submit').click();
  }

  error() {
    return this.page.getByTestId('signin-error');
  }
}
