// /s/<slug> fetched as a chat crawler does (one GET, no JavaScript), on an in-memory database with loopback
// Tempo and Loki serving the recorded sample trace: the <head> carries the unfurl tags, the image is a valid
// 1200x630 PNG; unknown, expired and not-public cases answer what they should.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSampleBackends, type SampleBackends } from '@/lib/correlate/testing/sample-backends';
import { resetDatasourcesCache } from '@/lib/datasources/registry';
import { closeDb, getDb } from '@/lib/db';
import type { PermalinkJson } from '@/lib/permalink/api-types';
import { pngSize } from '@/lib/permalink/preview/png';
import { POST as create } from '../../api/permalinks/route';
import { GET as preview } from './preview.png/route';
import { GET as open } from './route';

const TRACE = 'bd5a131c670a194676bcd097a4eac415';
const ENV = ['TEMPO_URL', 'LOKI_URL', 'PROMETHEUS_URL', 'PYROSCOPE_URL', 'ALERTMANAGER_URL', 'WEFT_DATASOURCES_FILE', 'WEFT_DATA_DIR', 'DATABASE_URL', 'WEFT_AUTH_MODE', 'WEFT_PUBLIC_PREVIEWS', 'WEFT_PUBLIC_URL'];
// Authentication stays off here (the gate and sessions have their own tests); the title-only switch is
// tested on the pure page in lib/permalink/share-page.test.ts.
const saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
const CRAWLER = { host: 'weft.test', 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' };

let backends: SampleBackends;
let link: PermalinkJson;

function meta(html: string): Map<string, string> {
  const head = html.slice(0, html.indexOf('</head>'));
  const out = new Map<string, string>();
  for (const tag of head.match(/<meta\b[^>]*>/g) ?? []) {
    const key = /\b(?:property|name)="([^"]+)"/.exec(tag)?.[1];
    const content = /\bcontent="([^"]*)"/.exec(tag)?.[1];
    if (key && content !== undefined) out.set(key, content.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
  }
  return out;
}

async function get(slug: string, headers: Record<string, string> = CRAWLER): Promise<{ status: number; text: string; type: string | null }> {
  const response = await open(new Request(`http://weft.test/s/${slug}`, { headers }), { params: Promise.resolve({ slug }) });
  return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
}

async function image(slug: string): Promise<Response> {
  return preview(new Request(`http://weft.test/s/${slug}/preview.png`, { headers: CRAWLER }), { params: Promise.resolve({ slug }) });
}

beforeAll(async () => {
  for (const name of ENV) delete process.env[name];
  process.env.WEFT_DATA_DIR = 'memory://';
  backends = await startSampleBackends();
  process.env.TEMPO_URL = backends.tempo.url;
  process.env.LOKI_URL = backends.loki.url;
  resetDatasourcesCache();
  const response = await create(
    new Request('http://weft.test/api/permalinks', {
      method: 'POST',
      headers: { host: 'weft.test', 'content-type': 'application/json' },
      body: JSON.stringify({ href: `/trace/${TRACE}?tab=logs&from=1795303300000&to=1795304200000` }),
    }),
  );
  expect(response.status).toBe(201);
  link = (await response.json()) as PermalinkJson;
});
afterAll(async () => {
  await closeDb();
  await backends.close();
  for (const [name, value] of Object.entries(saved)) if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  resetDatasourcesCache();
});

describe('GET /s/<slug> as a crawler', () => {
  it('has the OpenGraph and Twitter-card tags in the <head>, and the redirect for browsers', async () => {
    const { status, text, type } = await get(link.slug);
    expect(status).toBe(200);
    expect(type).toBe('text/html; charset=utf-8');
    const tags = meta(text);
    expect(link.title).toMatch(/^frontend · [\d.]+ ms · error · .+ trace$/);
    expect(tags.get('og:title')).toBe(link.title);
    expect(tags.get('twitter:title')).toBe(link.title);
    expect(tags.get('og:description')).toBe(link.description);
    expect(tags.get('description')).toBe(link.description);
    expect(tags.get('og:url')).toBe(`http://weft.test/s/${link.slug}`);
    expect(tags.get('og:image')).toBe(`http://weft.test/s/${link.slug}/preview.png`);
    expect(tags.get('og:image:width')).toBe('1200');
    expect(tags.get('og:image:height')).toBe('630');
    expect(tags.get('twitter:card')).toBe('summary_large_image');
    expect(tags.get('twitter:image')).toBe(tags.get('og:image'));
    expect(tags.get('robots')).toBe('noindex, nofollow');
    expect(text).toContain(`<title>${link.title}</title>`);
    expect(text).toContain(`window.location.replace(${JSON.stringify(link.href)});`);
    expect(link.href).toBe(`/trace/${TRACE}?tab=logs&from=1795303300000&to=1795304200000`);
  });

  it('serves a valid 1200x630 PNG at og:image', async () => {
    const response = await image(link.slug);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(pngSize(bytes)).toEqual({ width: 1200, height: 630 });
    expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
  });

  it('carries the CSP nonce the proxy put on the request on its redirect script', async () => {
    const { text } = await get(link.slug, { ...CRAWLER, 'x-nonce': 'bm9uY2U4ODg4' });
    expect(text).toContain('<script nonce="bm9uY2U4ODg4">window.location.replace(');
  });
});

describe('links that cannot be opened', () => {
  it('unknown and malformed slugs are a 404 page that says so', async () => {
    for (const slug of ['AAAAAAAAAAAA', 'x', '%00', 'a'.repeat(300)]) {
      const { status, text } = await get(slug);
      expect(status).toBe(404);
      expect(text).toContain('This link does not exist or was removed');
      expect(text).not.toContain('og:image');
      expect((await image(slug)).status).toBe(404);
    }
  });

  it('an expired link is a 410 page naming when it was shared', async () => {
    const db = await getDb();
    const response = await create(
      new Request('http://weft.test/api/permalinks', { method: 'POST', headers: { host: 'weft.test', 'content-type': 'application/json' }, body: JSON.stringify({ href: '/' }) }),
    );
    const expired = (await response.json()) as PermalinkJson;
    await db.permalink.update({ where: { slug: expired.slug }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const { status, text } = await get(expired.slug);
    expect(status).toBe(410);
    expect(text).toContain('This link has expired');
    expect(text).toMatch(/was shared on \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
  });

  it('never lets a stored title break out of the markup', async () => {
    const db = await getDb();
    const hostile = '"><script>alert(1)</script>';
    await db.permalink.create({
      data: { slug: 'Hostile00001', stateVersion: 0, state: { url: '/', from: '1795303300000', to: '1795304200000' }, title: hostile, description: hostile, fromMs: 0n, toMs: 1n },
    });
    const { status, text } = await get('Hostile00001');
    expect(status).toBe(200);
    expect(text).not.toContain('<script>alert(1)');
    expect(meta(text).get('og:title')).toBe(hostile);
  });
});
