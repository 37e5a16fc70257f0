import type { Page } from 'playwright-core';

/** The global search / command palette (Ctrl/Cmd+K). */
export class SearchPalette {
  constructor(private readonly page: Page) {}

  async openWithKeyboard() {
    await this.page.keyboard.press('Control+K');
    await this.input().waitFor();
  }

  async openWithButton() {
    await this.page.getByTestId('open-search').click();
    await this.input().waitFor();
  }

  input() {
    return this.page.getByTestId('search-input');
  }

  async type(text: string) {
    await this.input().fill(text);
  }

  /** Titles of the hits once the list shows the first one matching `first`. */
  async titlesOnceShowing(first: string): Promise<string[]> {
    await this.page.getByTestId('search-hit-title').filter({ hasText: first }).first().waitFor();
    return this.page.getByTestId('search-hit-title').allInnerTexts();
  }

  /** The marked (highlighted) pieces in the title of the active hit. */
  async activeMarks(): Promise<string[]> {
    return this.page
      .locator('[data-testid=search-hit][aria-selected=true] [data-testid=search-match]')
      .allInnerTexts();
  }

  /** Waits until the active hit marks exactly `expected` (results update as you type). */
  async waitForActiveMarks(expected: string[], timeout = 10_000): Promise<string[]> {
    const started = Date.now();
    let marks = await this.activeMarks();
    while (JSON.stringify(marks) !== JSON.stringify(expected) && Date.now() - started < timeout) {
      await this.page.waitForTimeout(100);
      marks = await this.activeMarks();
    }
    return marks;
  }

  async activeTitle(): Promise<string> {
    return (
      await this.page
        .locator('[data-testid=search-hit][aria-selected=true] [data-testid=search-hit-title]')
        .innerText()
    ).trim();
  }

  async status(): Promise<string> {
    return (await this.page.getByTestId('search-status').innerText()).trim();
  }

  /** Whether the palette closed (it fades out, so allow its transition to finish). */
  async closed(): Promise<boolean> {
    return this.input()
      .waitFor({ state: 'hidden', timeout: 3000 })
      .then(() => true)
      .catch(() => false);
  }
}
