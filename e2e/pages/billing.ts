import type { Page } from 'playwright-core';
import { pickOption } from '../support/combobox.js';

/** The billing pages: documents list, draft editor, document page, payment dialog. */
export class BillingPages {
  constructor(private readonly page: Page) {}

  async openDocuments() {
    await this.page.getByTestId('nav-billing').click();
    await this.page.waitForURL('**/billing**');
  }

  async startNew(type: 'invoice' | 'quote' | 'order' | 'proforma') {
    await this.page.getByTestId('new-document').click();
    await this.page.getByTestId(`new-${type}`).click();
    await this.page.waitForURL('**/billing/new**');
  }

  async pickCustomer(search: string, name: string) {
    await pickOption(this.page, this.page.getByTestId('pick-customer'), { name }, search);
  }

  async pickProduct(line: number, search: string, name: RegExp) {
    await pickOption(this.page, this.page.getByTestId(`line-${line}-product`), { name }, search);
  }

  async fillLine(
    line: number,
    values: { description?: string; quantity?: string; price?: string; discount?: string },
  ) {
    if (values.description !== undefined)
      await this.page.getByTestId(`line-${line}-description`).fill(values.description);
    if (values.quantity !== undefined)
      await this.page.getByTestId(`line-${line}-quantity`).fill(values.quantity);
    if (values.price !== undefined)
      await this.page.getByTestId(`line-${line}-price`).fill(values.price);
    if (values.discount !== undefined)
      await this.page.getByTestId(`line-${line}-discount`).fill(values.discount);
  }

  async addLine() {
    await this.page.getByTestId('add-line').click();
  }

  async grossTotal(): Promise<string> {
    return (await this.page.getByTestId('gross-total').innerText()).trim();
  }

  async save() {
    await this.page.getByTestId('save-document').click();
    await this.page.waitForURL('**/billing/invoices/*');
  }

  async issue() {
    await this.page.getByTestId('issue-document').click();
  }

  /** The status badge's text, lower-cased (the badge shows capitals). */
  async status(): Promise<string> {
    return (await this.page.getByTestId('doc-status').innerText()).trim().toLowerCase();
  }

  async title(): Promise<string> {
    return (await this.page.getByTestId('doc-title').innerText()).trim();
  }

  async recordPayment(amount: string) {
    await this.page.getByTestId('record-payment').click();
    await this.page.getByTestId('payment-amount').fill(amount);
    const allocation = this.page.getByTestId('allocations').getByRole('textbox');
    await allocation.fill(amount);
    await this.page.getByTestId('save-payment').click();
  }
}
