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
        if (allowedConsoleErrors.some((pattern) => pattern.test(text))) return;
        const where = message.location().url;
        problems.push(`console.error: ${text}${where ? ` (${where})` : ''}`);
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
