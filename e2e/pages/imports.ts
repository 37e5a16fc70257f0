import type { Page } from 'playwright-core';
import { pickOption } from '../support/combobox.js';

/** The import pages: upload, mapping, progress and result. */
export class ImportPages {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.getByTestId('nav-imports').click();
    await this.page.waitForURL('**/imports');
  }

  async upload(name: string, content: string) {
    await this.page.locator('input[type=file]').setInputFiles({
      name,
      mimeType: 'text/csv',
      buffer: Buffer.from(content),
    });
    await this.page.getByRole('button', { name: 'Upload' }).click();
    await this.page.waitForURL('**/imports/*');
    await this.page.getByTestId('mapping-table').waitFor();
  }

  /** The field chosen for a column (by its header). */
  async mappedTo(header: string): Promise<string> {
    return this.page.locator(`input[aria-label="${header}"]`).inputValue();
  }

  async mapColumn(header: string, field: string) {
    await pickOption(this.page, this.page.locator(`input[aria-label="${header}"]`), {
      name: field,
      exact: true,
    });
  }

  async start() {
    await this.page.getByTestId('import-start').click();
  }

  async status(): Promise<string> {
    return (await this.page.getByTestId('import-status').textContent()) ?? '';
  }

  async count(kind: 'created' | 'updated' | 'skipped' | 'failed'): Promise<string> {
    return (await this.page.getByTestId(`count-${kind}`).locator('p').last().textContent()) ?? '';
  }

  async undo() {
    await this.page.getByTestId('import-undo').click();
    await this.page.getByRole('dialog').getByRole('button', { name: 'Undo import' }).click();
  }
}
