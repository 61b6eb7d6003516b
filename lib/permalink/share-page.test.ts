import { describe, expect, it } from 'vitest';
import type { PermalinkJson } from './api-types';
import { sharePage, unfurlMeta } from './share-page';

const link: PermalinkJson = {
  slug: 'Ab3xY9Qw2Lm0',
  url: 'https://weft.example/s/Ab3xY9Qw2Lm0',
  href: '/trace/bd5a131c670a194676bcd097a4eac415?tab=logs&from=1795303300000&to=1795304200000',
  title: 'frontend · 336 ms · error · GET /checkout trace',
  description: '5 spans across checkout, frontend, payment · 4 error spans · 2026-11-21 10:00:00 to 10:15:00 UTC',
  state: {
    v: 1,
    path: '/trace/bd5a131c670a194676bcd097a4eac415',
    params: [['tab', 'logs']],
    range: { fromMs: 1795303300000, toMs: 1795304200000 },
    summary: { kind: 'home' },
  },
  createdAt: '2026-11-21T10:20:00.000Z',
  expiresAt: null,
};

function metaKeys(html: string): string[] {
  return [...html.matchAll(/<meta (?:name|property)="([^"]+)"/g)].map((m) => m[1]);
}

describe('sharePage', () => {
  it('with full previews: description, image and large card', () => {
    const page = sharePage({ status: 'ok', link, upgradedFrom: null, tenant: null }, 'https://weft.example', 'full');
    expect(page.status).toBe(200);
    expect(metaKeys(page.html)).toEqual(expect.arrayContaining(['og:title', 'og:description', 'og:image', 'twitter:card', 'twitter:image', 'description']));
    expect(page.html).toContain('<meta property="og:image" content="https://weft.example/s/Ab3xY9Qw2Lm0/preview.png">');
    expect(page.html).toContain('<meta name="twitter:card" content="summary_large_image">');
  });

  it('with title-only previews (authentication on, previews not public): the title and nothing else', () => {
    const page = sharePage({ status: 'ok', link, upgradedFrom: null, tenant: 'team-a' }, 'https://weft.example', 'title-only');
    const keys = metaKeys(page.html);
    expect(keys).toEqual(expect.arrayContaining(['og:title', 'twitter:title', 'twitter:card']));
    for (const hidden of ['og:description', 'description', 'og:image', 'twitter:image', 'twitter:description']) expect(keys).not.toContain(hidden);
    expect(page.html).toContain('<meta name="twitter:card" content="summary">');
    expect(page.html).not.toContain('5 spans across');
  });

  it('puts the nonce on the redirect script and escapes a hostile href for the script', () => {
    const hostile = { ...link, href: '/x?q=</script><script>alert(1)</script>' };
    const page = sharePage({ status: 'ok', link: hostile, upgradedFrom: null, tenant: null }, 'https://weft.example', 'full', 'n0nce');
    expect(page.html).toContain('<script nonce="n0nce">window.location.replace("/x?q=\\u003c/script>\\u003cscript>alert(1)\\u003c/script>");</script>');
  });

  it('answers 404, 410 and 422 pages that say what happened', () => {
    expect(sharePage({ status: 'not-found' }, 'o', 'full')).toMatchObject({ status: 404, html: expect.stringContaining('This link does not exist or was removed') });
    expect(sharePage({ status: 'expired', title: 't', createdMs: Date.UTC(2026, 0, 1) }, 'o', 'full')).toMatchObject({
      status: 410,
      html: expect.stringContaining('was shared on 2026-01-01 00:00:00 UTC'),
    });
    expect(sharePage({ status: 'unreadable', title: 't', reason: 'newer', error: 'x' }, 'o', 'full')).toMatchObject({ status: 422, html: expect.stringContaining('newer version of Weft') });
  });

  it('lists the unfurl tags in a stable order', () => {
    expect(unfurlMeta(link, 'https://weft.example', 'title-only').map(([, key]) => key)).toEqual(['og:type', 'og:site_name', 'og:title', 'og:url', 'twitter:title', 'twitter:card']);
  });
});
