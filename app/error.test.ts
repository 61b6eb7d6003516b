import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import RouteError from './error';
import GlobalError from './global-error';

// A server error as the boundary receives it in production (message replaced, digest kept) and a client-side
// error with a secret in its message and a stack: neither the message nor the stack may reach the page.
function clientError(): Error {
  const error = new Error('connect ECONNREFUSED 10.0.0.7:5432 password=hunter2');
  error.stack = 'Error: boom\n    at handler (/srv/app/lib/secret-path.ts:12:5)';
  return error;
}

describe('error boundaries', () => {
  it('shows a plain explanation, the digest reference and a retry, never the message or stack', () => {
    const serverError = Object.assign(new Error('An error occurred in the Server Components render.'), { digest: '1234567' });
    const html = renderToStaticMarkup(createElement(RouteError, { error: serverError, retry: () => {} }));
    expect(html).toContain('This page could not be shown');
    expect(html).toContain('Reference: <code>1234567</code>');
    expect(html).toContain('Try again');

    const leaky = renderToStaticMarkup(createElement(RouteError, { error: clientError(), retry: () => {} }));
    for (const secret of ['ECONNREFUSED', 'hunter2', 'secret-path', ' at ']) expect(leaky).not.toContain(secret);
    expect(leaky).not.toContain('Reference:');
  });

  it('global error renders its own document without details', () => {
    const html = renderToStaticMarkup(createElement(GlobalError, { error: clientError(), retry: () => {} }));
    expect(html).toMatch(/^<html lang="en">/);
    expect(html).toContain('Weft could not start this page');
    for (const secret of ['ECONNREFUSED', 'hunter2', 'secret-path']) expect(html).not.toContain(secret);
  });

  it('accepts thrown non-Error values', () => {
    for (const thrown of [null, 'a string', 42, { digest: 7 }]) {
      const html = renderToStaticMarkup(createElement(RouteError, { error: thrown, retry: () => {} }));
      expect(html).toContain('This page could not be shown');
      expect(html).not.toContain('Reference:');
    }
  });
});
