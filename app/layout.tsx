import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/shell/AppHeader';
import { Providers } from '@/components/shell/Providers';
import { THEME_INIT_SCRIPT } from '@/components/shell/theme';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Weft', template: '%s · Weft' },
  description: 'One timeline for metrics, logs, traces and profiles: an open-source console for people on call.',
};

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#151b23' },
  ],
};

/** The shell: pages render inside <main>, so a page's top element is a <div className="page">, not another <main>. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The init script sets data-theme before hydration; React must not complain about that attribute.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_INIT_SCRIPT }} />
      </head>
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <Providers>
          <AppHeader />
          <main id="main" className="app-main" tabIndex={-1}>
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
