import type { Page } from 'playwright-core';
import { pickOption } from '../support/combobox.js';

/** The automations pages: rules list, rule editor, run log. */
export class AutomationsPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.getByTestId('nav-automations').click();
    await this.page.waitForURL('**/automations**');
  }

  /** Picks an option of a Mantine select found by its test id. */
  async choose(testId: string, option: string, nth = 0) {
    await pickOption(this.page, this.page.getByTestId(testId).nth(nth), {
      name: option,
      exact: true,
    });
  }

  async newRule(name: string) {
    await this.page.getByTestId('new-rule').click();
    await this.page.waitForURL('**/automations/new**');
    await this.page.getByTestId('rule-name').fill(name);
  }

  async addCondition(field: string, value: string) {
    await this.page.getByTestId('add-condition').click();
    const index = (await this.page.getByTestId('condition-row').count()) - 1;
    await this.choose('condition-field', field, index);
    await this.choose('condition-value', value, index);
  }

  async save() {
    await this.page.getByTestId('save-rule').click();
    await this.page.waitForURL(/\/automations\/[0-9a-f-]{36}$/);
  }

  async runStatuses(): Promise<string[]> {
    const statuses = this.page.getByTestId('run-status');
    return statuses.allInnerTexts();
  }
}
