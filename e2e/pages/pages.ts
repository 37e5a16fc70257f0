import type { Page } from 'playwright-core';
import { pickOption } from '../support/combobox.js';

/** First-run setup and sign-in screens. */
export class AuthPages {
  constructor(private readonly page: Page) {}

  async setUp(values: {
    company: string;
    name: string;
    email: string;
    password: string;
    language?: string;
    country?: string;
  }) {
    await this.page.getByLabel(/^Company name/).fill(values.company);
    if (values.country) {
      await pickOption(this.page, this.page.getByRole('combobox', { name: 'Country' }), {
        name: values.country,
      });
    }
    await this.page.getByLabel(/^Name/).fill(values.name);
    await this.page.getByLabel(/^Email/).fill(values.email);
    await this.page.getByLabel(/^Password/).fill(values.password);
    await this.page.getByRole('button', { name: 'Create and sign in' }).click();
  }

  async signIn(email: string, password: string) {
    await this.page.getByLabel(/^Email/).fill(email);
    await this.page.getByLabel(/^Password/).fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }
}

/** The frame around every signed-in page. */
export class AppFrame {
  constructor(private readonly page: Page) {}

  async open(section: 'contacts' | 'companies' | 'leads' | 'settings') {
    const phone = (this.page.viewportSize()?.width ?? 1000) < 768;
    if (phone && section !== 'settings') await this.page.getByTestId(`tab-${section}`).click();
    else if (phone) {
      await this.page.getByRole('button', { name: 'More' }).click();
      await this.page.getByTestId(`nav-${section}`).click();
    } else await this.page.getByTestId(`nav-${section}`).click();
    await this.page.waitForURL(`**/${section}**`);
  }

  async signOut() {
    await this.page.getByTestId('user-menu').click();
    await this.page.getByTestId('sign-out').click();
    await this.page.waitForURL('**/login');
  }
}

/** A record list (contacts, organizations, leads). */
export class ListPage {
  constructor(private readonly page: Page) {}

  async startNew() {
    await this.page.getByTestId('new-record').click();
  }

  async search(text: string) {
    await this.page.getByTestId('list-search').fill(text);
  }

  /** Names in the first column (desktop) or card titles (phone), once the list has settled. */
  async visibleTitles(): Promise<string[]> {
    await this.page.waitForLoadState('networkidle');
    const rows = this.page.getByTestId('table-row');
    if ((await rows.count()) > 0) {
      return rows.evaluateAll((els) =>
        els.map((el) => (el.querySelectorAll('[role=cell]')[1] as HTMLElement).innerText.trim()),
      );
    }
    return this.page
      .getByTestId('record-card')
      .evaluateAll((els) =>
        els.map((el) => (el.querySelector('p') as HTMLElement).innerText.trim()),
      );
  }

  async openFirst() {
    const rows = this.page.getByTestId('table-row');
    if ((await rows.count()) > 0) await rows.first().locator('[role=cell]').nth(1).click();
    else await this.page.getByTestId('record-card').first().click();
  }
}

/** The create/edit drawer of a record. */
export class RecordForm {
  constructor(private readonly page: Page) {}

  async fill(testId: string, value: string) {
    await this.page.getByTestId(testId).fill(value);
  }

  async fillLabel(label: string | RegExp, value: string) {
    await this.page.getByLabel(label).fill(value);
  }

  async pickCompany(search: string, name: string) {
    await pickOption(this.page, this.page.getByTestId('select-companies'), { name }, search);
  }

  async save() {
    await this.page.getByTestId('save-record').click();
  }
}

/** A record page: header, facts and timeline. */
export class RecordView {
  constructor(private readonly page: Page) {}

  async title(): Promise<string> {
    return (await this.page.getByTestId('record-title').innerText()).trim();
  }

  async edit() {
    await this.page.getByTestId('edit-record').click();
  }

  /** Text of the timeline entries, newest first. */
  async timelineText(): Promise<string> {
    const timeline = this.page.getByTestId('timeline');
    await timeline.waitFor();
    return timeline.innerText();
  }

  async addNote(text: string) {
    await this.page.locator('[data-testid=note-editor] .ProseMirror').click();
    await this.page.keyboard.type(text);
    await this.page.getByTestId('save-note').click();
  }
}
