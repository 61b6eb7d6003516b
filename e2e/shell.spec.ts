import type { Page } from '@playwright/test';
import { expect, test } from './helpers/fixtures';

function searchParam(page: Page, name: string): string | null {
  return new URL(page.url()).searchParams.get(name);
}

test.describe('app shell', () => {
  test('has landmarks, a skip link and a main navigation that reaches every section', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('banner')).toBeVisible();
    await expect(page.getByRole('main')).toHaveCount(1);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Home' })).toHaveAttribute('aria-current', 'page');

    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();

    const sections: [string, string][] = [
      ['Traces', '/traces'],
      ['SLOs', '/slo'],
      ['Reports', '/reports'],
      ['Settings', '/settings/datasources'],
      ['Home', '/'],
    ];
    for (const [name, path] of sections) {
      await nav.getByRole('link', { name }).click();
      await expect(page).toHaveURL((url) => url.pathname === path);
      await expect(nav.getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
    }
  });

  test('time range presets and custom ranges are written to the URL', async ({ page }) => {
    await page.goto('/');
    const trigger = page.getByTestId('time-range-trigger');
    await expect(trigger).toHaveText(/Last 1 hour/);

    await trigger.click();
    const dialog = page.getByRole('dialog', { name: 'Time range' });
    await dialog.getByRole('button', { name: 'Last 6 hours' }).click();
    await expect(page).toHaveURL(/[?&]from=now-6h&to=now$/);
    await expect(trigger).toHaveText(/Last 6 hours/);
    await expect(dialog).toBeHidden();
    // Links elsewhere carry the range on.
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Traces' })).toHaveAttribute(
      'href',
      '/traces?from=now-6h&to=now',
    );

    await trigger.click();
    await dialog.getByLabel('From', { exact: true }).fill('now-2h');
    await dialog.getByLabel('To', { exact: true }).fill('now-30m');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => [searchParam(page, 'from'), searchParam(page, 'to')]).toEqual(['now-2h', 'now-30m']);
    await expect(trigger).toHaveText(/now-2h to now-30m/);

    // Reload restores the range from the URL alone.
    await page.reload();
    await expect(trigger).toHaveText(/now-2h to now-30m/);
  });

  test('rejects a reversed range with a clear message and leaves the URL alone', async ({ page }) => {
    await page.goto('/?from=now-1h&to=now');
    const trigger = page.getByTestId('time-range-trigger');
    await trigger.click();
    const dialog = page.getByRole('dialog', { name: 'Time range' });
    await dialog.getByLabel('From', { exact: true }).fill('now');
    await dialog.getByLabel('To', { exact: true }).fill('now-1h');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect(dialog.getByRole('alert')).toContainText('is after the end');
    await expect(dialog.getByLabel('From', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    expect(searchParam(page, 'from')).toBe('now-1h');

    await dialog.getByLabel('From', { exact: true }).fill('1700000000');
    await expect(dialog.getByRole('alert')).toContainText('looks like epoch seconds');

    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(trigger).toBeFocused();
  });

  test('an invalid range in the URL is flagged in the header', async ({ page }) => {
    await page.goto('/?from=now&to=now-1h');
    await expect(page.getByTestId('time-range-trigger')).toHaveText(/Invalid time range/);
    await expect(page.getByTestId('time-range-trigger')).toHaveAttribute('data-invalid', 'true');
  });

  test('make absolute rewrites the URL to epoch milliseconds', async ({ page }) => {
    await page.goto('/?from=now-90m&to=now');
    const trigger = page.getByTestId('time-range-trigger');
    await expect(trigger).toHaveText(/Last 90 minutes/);
    const beforeMs = Date.now();
    await trigger.click();
    await page.getByRole('dialog', { name: 'Time range' }).getByRole('button', { name: 'Make absolute' }).click();
    await expect(page).toHaveURL(/[?&]from=\d{13}&to=\d{13}$/);
    const fromMs = Number(searchParam(page, 'from'));
    const toMs = Number(searchParam(page, 'to'));
    expect(toMs - fromMs).toBe(90 * 60_000);
    expect(Math.abs(toMs - beforeMs)).toBeLessThan(60_000);
    // Whole seconds in UTC; the date is repeated only when the range crosses midnight.
    await expect(trigger).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}( UTC)? to (\d{4}-\d{2}-\d{2} )?\d{2}:\d{2}:\d{2} UTC/);
    expect(toMs % 1000).toBe(0);

    // Already absolute: nothing left to pin.
    await trigger.click();
    await expect(page.getByRole('button', { name: 'Make absolute' })).toBeDisabled();
  });

  test('theme follows the system, toggles, and the choice survives a reload', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/');
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-theme', 'dark');

    await page.emulateMedia({ colorScheme: 'light' });
    await page.reload();
    await expect(html).toHaveAttribute('data-theme', 'light');
    const lightBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);

    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    const darkBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(darkBg).not.toBe(lightBg);
    expect(await page.evaluate(() => localStorage.getItem('weft-theme'))).toBe('dark');

    // The stored choice wins over the (light) system setting and is on <html> before <body> is parsed,
    // i.e. before the first paint: no light flash.
    await page.addInitScript(() => {
      const record = () => {
        if (!document.body) return false;
        document.documentElement.dataset.themeAtBody = document.documentElement.getAttribute('data-theme') ?? 'none';
        return true;
      };
      const observer = new MutationObserver(() => {
        if (record()) observer.disconnect();
      });
      observer.observe(document, { childList: true, subtree: true });
    });
    await page.reload();
    await expect(html).toHaveAttribute('data-theme-at-body', 'dark');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByRole('button', { name: 'Switch to light theme' })).toBeVisible();

    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await expect(html).toHaveAttribute('data-theme', 'light');
    await page.reload();
    await expect(html).toHaveAttribute('data-theme', 'light');
  });
});

test.describe('not found', () => {
  // The browser itself logs the 404 document response as a console error.
  test.use({ allowedConsoleErrors: [/status of 404/] });

  test('an unknown route answers 404 with a way home', async ({ page }) => {
    const response = await page.goto('/definitely/not/a/page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await page.getByRole('link', { name: 'Go to Home' }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/');
  });
});
