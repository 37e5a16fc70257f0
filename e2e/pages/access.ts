import type { Page } from 'playwright-core';
import { pickOption } from '../support/combobox.js';

/** Settings → Roles / Users and the user's own Sign-in & security tab (issue 9). */
export class AccessPages {
  constructor(private readonly page: Page) {}

  async openSettingsTab(tab: string) {
    await this.page.getByTestId('nav-settings').click();
    await this.page.waitForURL('**/settings**');
    await this.page.getByTestId(`settings-${tab}`).click();
  }

  private async pick(testId: string, option: string) {
    await pickOption(this.page, this.page.getByTestId(testId), { name: option, exact: true });
  }

  /** A new role copied from another, optionally requiring two-factor sign-in. */
  async createRole(name: string, copyFrom: string, require2fa: boolean) {
    await this.openSettingsTab('roles');
    await this.page.getByTestId('new-role').click();
    await this.page.getByTestId('role-name').fill(name);
    await this.pick('role-copy-from', copyFrom);
    await this.page.getByTestId('create-role').click();
    const key = name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
    await this.page.getByTestId(`role-${key}`).click();
    await this.page.getByTestId('role-matrix').waitFor();
    if (require2fa) await this.page.getByTestId('role-require-2fa').check();
    await this.page.getByTestId('save-role').click();
    await this.page.getByText('Role saved').waitFor();
  }

  async scope(object: string, action: string): Promise<string> {
    return this.page.getByTestId(`scope-${object}-${action}`).inputValue();
  }

  async addUser(values: { name: string; email: string; password: string; role: string }) {
    await this.openSettingsTab('users');
    await this.page.getByTestId('add-user').click();
    await this.page.getByTestId('user-name').fill(values.name);
    await this.page.getByTestId('user-email').fill(values.email);
    await this.page.getByTestId('user-password').fill(values.password);
    await this.pick('user-role', values.role);
    await this.page.getByTestId('save-user').click();
    await this.page.getByRole('cell', { name: values.email }).waitFor();
  }

  /** Enrols an authenticator: returns the secret shown under the QR code. */
  async enrolTwoFactor(code: (secret: string) => string): Promise<string> {
    await this.page.getByTestId('enable-2fa').click();
    await this.page.getByTestId('2fa-qr').locator('svg').waitFor();
    const secret = (await this.page.getByTestId('2fa-secret').innerText()).trim();
    await this.page.getByTestId('2fa-code').fill(code(secret));
    await this.page.getByTestId('confirm-2fa').click();
    await this.page.getByTestId('recovery-codes').waitFor();
    return secret;
  }
}
