'use client';
// Shown by /s/<slug> for a moment: replaces the permalink in the history with the stored view (so Back does not
// bounce through it) and offers a plain link for when the redirect does not happen.
import { useEffect } from 'react';
import { useRouter } from 'next/navigation';

export interface OpenSharedViewProps {
  /** Same-origin address of the view, with the absolute range. */
  href: string;
  title: string;
  /** "2026-11-21 10:00:00 to 10:30:00 UTC" */
  rangeText: string;
}

export function OpenSharedView({ href, title, rangeText }: OpenSharedViewProps) {
  const router = useRouter();
  useEffect(() => {
    router.replace(href);
  }, [href, router]);
  return (
    <section className="state" data-state="redirect" data-testid="shared-view-redirect" aria-live="polite">
      <p className="muted">Opening a shared view…</p>
      <h1>{title}</h1>
      <p className="muted">{rangeText}</p>
      <div className="state-actions">
        <a className="btn btn-primary" href={href}>
          Open the view
        </a>
      </div>
    </section>
  );
}
