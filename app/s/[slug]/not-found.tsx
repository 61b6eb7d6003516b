import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Link not found', robots: { index: false, follow: false } };

/** An unknown or malformed /s/<slug>: says so plainly (a 404, never a crash). */
export default function SharedViewNotFound() {
  return (
    <div className="page">
      <section className="state" data-state="not-found" data-testid="shared-view-not-found">
        <p className="muted mono">404</p>
        <h1>This link does not exist or was removed</h1>
        <p>Check that the whole link was copied: shared links end with a 12-character code. Ask whoever shared it for a new one.</p>
        <div className="state-actions">
          <Link href="/" className="btn btn-primary">
            Go to Home
          </Link>
          <Link href="/traces" className="btn">
            Search traces
          </Link>
        </div>
      </section>
    </div>
  );
}
