import type { Page } from 'playwright-core';
import { pickOption } from '../support/combobox.js';

/** "My tasks" and the task form. */
export class TasksPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.getByTestId('nav-tasks').click();
    await this.page.waitForURL('**/tasks**');
  }

  async create(values: { title: string; type: string; due: string; reminder?: string }) {
    await this.page.getByTestId('new-task').click();
    await this.fillForm(values);
  }

  async fillForm(values: { title: string; type: string; due: string; reminder?: string }) {
    const form = this.page.getByTestId('task-form');
    await form.getByTestId('task-title').fill(values.title);
    await pickOption(this.page, form.getByTestId('task-type'), { name: values.type, exact: true });
    await form.getByTestId('task-due').fill(values.due);
    if (values.reminder) {
      await pickOption(this.page, form.getByTestId('task-reminder'), {
        name: values.reminder,
        exact: true,
      });
    }
    await form.getByTestId('task-save').click();
    await form.waitFor({ state: 'detached' });
  }

  async showBucket(bucket: 'overdue' | 'today' | 'upcoming' | 'done') {
    await this.page.getByTestId(`tasks-tab-${bucket}`).click();
  }

  /** Titles of the tasks in the visible list. */
  async titles(): Promise<string[]> {
    return this.page.locator('[role=tabpanel] [data-testid=task-title-link]').allInnerTexts();
  }

  async complete(title: string, result: string) {
    const row = this.page.getByTestId('task-row').filter({ hasText: title });
    await row.getByTestId('task-done').click();
    await this.page.getByTestId('task-result').fill(result);
    await this.page.getByTestId('task-complete-confirm').click();
  }
}

/** The notification bell in the app frame. */
export class Bell {
  constructor(private readonly page: Page) {}

  async count(): Promise<number> {
    const text = await this.page
      .getByTestId('bell-count')
      .locator('.mantine-Indicator-indicator')
      .allInnerTexts();
    return text.length ? Number(text[0]) : 0;
  }

  async items(): Promise<string[]> {
    await this.page.getByTestId('bell').click();
    const items = this.page.getByTestId('notification-item');
    await items.first().waitFor();
    const texts = await items.allInnerTexts();
    await this.page.keyboard.press('Escape');
    return texts;
  }
}

/** The calendar page. */
export class CalendarPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.getByTestId('nav-calendar').click();
    await this.page.waitForURL('**/calendar');
  }

  async view(view: 'Day' | 'Week' | 'Month') {
    await this.page.getByTestId('calendar-view').getByText(view, { exact: true }).click();
  }

  async next() {
    await this.page.getByRole('button', { name: 'Next' }).click();
  }

  task(title: string) {
    return this.page.getByTestId('calendar-task').filter({ hasText: title });
  }

  /** Drags a task to another hour of the day view. */
  async dragToHour(title: string, hour: number) {
    await this.task(title).dragTo(this.page.getByTestId(`calendar-hour-${hour}`));
  }
}
