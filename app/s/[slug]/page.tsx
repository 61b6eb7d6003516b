// /s/<slug>: a shared view. Crawlers (no JavaScript) get OpenGraph and Twitter-card tags in this page's
// server-rendered HTML; people are sent on to the stored view with its absolute range. Unknown or malformed
// slugs are a 404 page, expired links and links this version cannot read say so.
import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { OpenSharedView } from '@/components/share/OpenSharedView';
import { permalinkMetadata, unavailableMetadata } from '@/lib/permalink/metadata';
import { currentPreviewAccess, originFromHeaders, resolvePermalinkNow } from '@/lib/permalink/server';
import { describeAbsoluteRange } from '@/lib/permalink/title';
import { formatInstant } from '@/lib/time-range';

export const dynamic = 'force-dynamic';

type Params = Promise<{ slug: string }>;

// generateMetadata and the page resolve the same link once per request.
const resolve = cache(async (slug: string) => {
  const origin = originFromHeaders(await headers());
  return { origin, resolved: await resolvePermalinkNow(slug, origin) };
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { origin, resolved } = await resolve((await params).slug);
  switch (resolved.status) {
    case 'ok':
      return permalinkMetadata(resolved.link, origin, currentPreviewAccess());
    case 'expired':
      return unavailableMetadata('Expired link');
    case 'unreadable':
      return unavailableMetadata('Link cannot be opened');
    case 'not-found':
      return unavailableMetadata('Link not found');
  }
}

export default async function SharedViewPage({ params }: { params: Params }) {
  const { resolved } = await resolve((await params).slug);
  if (resolved.status === 'not-found') notFound();
  if (resolved.status === 'ok') {
    const { link } = resolved;
    return (
      <div className="page">
        <OpenSharedView href={link.href} title={link.title} rangeText={describeAbsoluteRange(link.state.range)} />
      </div>
    );
  }
  const expired = resolved.status === 'expired';
  return (
    <div className="page">
      <section className="state" data-state={expired ? 'expired' : 'unreadable'} data-testid="shared-view-unavailable">
        <h1>{expired ? 'This link has expired' : 'This link cannot be opened'}</h1>
        <p>
          {expired
            ? `“${resolved.title}” was shared on ${formatInstant(resolved.createdMs)}. Links are kept for a limited time on this console (set by its operator), and this one is past it.`
            : resolved.reason === 'newer'
              ? `“${resolved.title}” was made by a newer version of Weft than this console runs. Open it on the console it was made on, or upgrade this one.`
              : `“${resolved.title}” is stored, but its view could not be read. Ask whoever shared it for a new link.`}
        </p>
        <div className="state-actions">
          <Link href="/" className="btn btn-primary">
            Go to Home
          </Link>
        </div>
      </section>
    </div>
  );
}
