import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <div className="page">
      <section className="state" data-state="not-found">
        <p className="muted mono">404</p>
        <h1>Page not found</h1>
        <p>There is nothing at this address. The link may be mistyped, or the item it pointed to no longer exists.</p>
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
