// Every e2e test imports `test` and `expect` from here: the page fails the test on any console error or
// uncaught page error, unless the test names the messages it expects (test.use({ allowedConsoleErrors: [...] })).
import { test as base, expect, type ConsoleMessage } from '@playwright/test';

export interface WeftFixtures {
  /** Console error texts a test expects (e.g. the browser's "404 (Not Found)" on a not-found page). */
  allowedConsoleErrors: RegExp[];
  /** Automatic: collects console errors and page errors and fails the test on any unexpected one. */
  failOnConsoleErrors: void;
}

export const test = base.extend<WeftFixtures>({
  allowedConsoleErrors: [[], { option: true }],
  failOnConsoleErrors: [
    async ({ context, allowedConsoleErrors }, use) => {
      const problems: string[] = [];
      const onConsole = (message: ConsoleMessage) => {
        if (message.type() !== 'error') return;
        const text = message.text();
        const where = message.location().url;
        const full = `${text}${where ? ` (${where})` : ''}`;
        // Patterns may name the resource too ("404 ... (http://host/path)"): match the text with its location.
        if (allowedConsoleErrors.some((pattern) => pattern.test(text) || pattern.test(full))) return;
        problems.push(`console.error: ${full}`);
      };
      context.on('console', onConsole);
      context.on('weberror', (webError) => problems.push(`uncaught page error: ${webError.error().message}`));
      await use();
      expect(problems, 'the page logged errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
