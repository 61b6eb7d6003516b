// Security headers and sign-in in Chromium. The default server (authentication off) must carry the CSP and
// still hydrate with it; a second server of the same build runs with WEFT_AUTH_MODE=oidc against a real
// OpenID Provider on loopback, and a person signs in through the provider's own forms.
import { test, expect } from './helpers/fixtures';
import { freePort, startApp, type RunningApp } from '../test/helpers/next-app';
import { startOidcProvider, type TestProvider } from '../test/helpers/oidc-provider';
import { startRecordingBackends, type RecordingBackends } from '../test/helpers/recording-backends';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Records CSP violations in the page (they also log console errors, which the fixture fails on). */
const RECORD_VIOLATIONS = `window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));`;

test.describe('security headers (authentication off)', () => {
  test('pages carry a nonce CSP and still hydrate', async ({ page }) => {
    await page.addInitScript(RECORD_VIOLATIONS);
    const headerWarnings: string[] = [];
    page.on('console', (message) => {
      if (/Permissions-Policy|Content Security Policy/i.test(message.text())) headerWarnings.push(message.text());
    });
    const response = await page.goto('/traces');
    const headers = response!.headers();
    const csp = headers['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['permissions-policy']).toContain('camera=()');

    // Hydrated: the theme toggle is a React click handler.
    const html = page.locator('html');
    const before = await html.getAttribute('data-theme');
    await page.getByRole('button', { name: /switch to (dark|light) theme/i }).click();
    await expect(html).not.toHaveAttribute('data-theme', before ?? '');
    // Client-side navigation works too (Next's router is a script that needs the nonce).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link').first().click();
    await page.waitForLoadState('load');
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    expect(headerWarnings).toEqual([]);
  });

  test('a fresh nonce on every response', async ({ request }) => {
    const nonceOf = async () => /'nonce-([^']+)'/.exec((await request.get('/')).headers()['content-security-policy'] ?? '')?.[1];
    const [a, b] = [await nonceOf(), await nonceOf()];
    expect(a).toBeTruthy();
    expect(a).not.toBe(b);
  });
});

test.describe('sign-in with OpenID Connect', () => {
  // One provider and one extra server for these tests; the login forms are the provider's own.
  test.describe.configure({ mode: 'serial' });
  // The provider's development pages import a web font from the internet, which this machine cannot reach,
  // and have no icon (the browser's /favicon.ico there is a 404).
  // One pattern: Playwright reads a two-element array as [value, options].
  test.use({ allowedConsoleErrors: [/fonts\.googleapis\.com|\/favicon\.ico\)$/] });
  let provider: TestProvider;
  let app: RunningApp;
  let backends: RecordingBackends;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    backends = await startRecordingBackends();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-e2e-tenants-'));
    const tenantsFile = path.join(dir, 'tenants.yaml');
    writeFileSync(tenantsFile, 'users:\n  alice: [tenant-a, tenant-b]\n');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({
      clientId: 'weft',
      clientSecret: 'weft-e2e-secret',
      redirectUris: [`${url}/auth/callback`],
      postLogoutRedirectUris: [`${url}/auth/signed-out`],
      accounts: { alice: { name: 'Alice Example', email: 'alice@example.com', groups: [] } },
    });
    app = await startApp(
      {
        WEFT_AUTH_MODE: 'oidc',
        WEFT_OIDC_ISSUER: provider.issuer,
        WEFT_OIDC_CLIENT_ID: 'weft',
        WEFT_OIDC_CLIENT_SECRET: 'weft-e2e-secret',
        WEFT_PUBLIC_URL: url,
        WEFT_SESSION_SECRET: 'e2e-session-secret-0123456789-abcdefghij',
        WEFT_TENANTS_FILE: tenantsFile,
        TEMPO_URL: backends.urls.tempo,
        LOKI_URL: backends.urls.loki,
        PYROSCOPE_URL: backends.urls.pyroscope,
        PROMETHEUS_URL: backends.urls.prometheus,
      },
      port,
    );
  });

  test.afterAll(async () => {
    await app?.close();
    await provider?.close();
    await backends?.close();
  });

  test('signs in through the provider, picks a tenant, and signs out', async ({ page }) => {
    await page.addInitScript(RECORD_VIOLATIONS);
    // Anonymous: the page sends the browser to the provider's sign-in form.
    await page.goto(`${app.url}/traces`);
    await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
    await page.locator('input[name="login"]').fill('alice');
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
    // The provider's consent form, then back to the page asked for.
    await page.locator('button[type="submit"]').click();
    await expect(page).toHaveURL(`${app.url}/traces`);
    await expect(page.getByTestId('user-name')).toHaveText('Alice Example');

    // Two tenants: the picker switches (a form post, then the same page again).
    const select = page.getByTestId('tenant-select');
    await expect(select).toHaveValue('tenant-a');
    await select.selectOption('tenant-b');
    await expect(page).toHaveURL(`${app.url}/traces`);
    await expect(page.getByTestId('tenant-select')).toHaveValue('tenant-b');
    const session = await page.request.get(`${app.url}/auth/session`);
    expect(await session.json()).toMatchObject({ activeTenant: 'tenant-b', tenants: ['tenant-a', 'tenant-b'] });
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);

    // Sign out: Weft's cookie goes, the provider asks to confirm, and returns to /auth/signed-out.
    await page.getByTestId('sign-out').click();
    await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/session/end`));
    await page.locator('button[name="logout"][value="yes"]').click();
    await expect(page).toHaveURL(`${app.url}/auth/signed-out`);
    expect((await page.request.get(`${app.url}/api/search/services`)).status()).toBe(401);
  });
});
