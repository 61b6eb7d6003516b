'use client';
import { ErrorState } from '@/components/shell/ErrorState';
import { errorReference } from '@/components/shell/error-reference';
import './globals.css';

/** Replaces the root layout when the layout itself fails: its own document, no app shell, no stack trace. */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body>
        <title>Error · Weft</title>
        <main id="main" className="app-main">
          <ErrorState
            headingLevel={1}
            title="Weft could not start this page"
            message="Something failed while rendering the console. The details were logged on the server."
            reference={errorReference(error)}
            onRetry={retry}
            action={
              // A full reload, not client navigation: the client router may be what broke.
              // eslint-disable-next-line @next/next/no-html-link-for-pages
              <a href="/" className="btn">
                Reload Home
              </a>
            }
          />
        </main>
      </body>
    </html>
  );
}
