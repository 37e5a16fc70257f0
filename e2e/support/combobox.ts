import type { Locator, Page } from 'playwright-core';

/**
 * Opens a Mantine select or autocomplete, types `search` when given, and clicks the option.
 * A re-render while data arrives can close the dropdown between the two steps (seen on a busy
 * CI machine), so it reopens and tries again a few times before failing.
 */
export async function pickOption(
  page: Page,
  input: Locator,
  option: { name: string | RegExp; exact?: boolean },
  search?: string,
): Promise<void> {
  const target = page.getByRole('option', option).first();
  const attempts = 4;
  for (let attempt = 1; ; attempt++) {
    if (attempt === 1 || !(await target.isVisible())) {
      await input.click();
      if (search !== undefined) await input.fill(search);
    }
    try {
      await target.click({ timeout: attempt === attempts ? 15_000 : 5_000 });
      return;
    } catch (error) {
      if (attempt === attempts) throw error;
    }
  }
}
