// The console's views as the route-level fault matrix calls them: each view is the set of API routes its page
// loads, called with inputs found on the demo stack (a trace, an alert, an SLO, this month).
// Route handlers are imported and called directly, as Next would call them.
import { GET as traceTimeline } from '@/app/api/traces/[traceId]/timeline/route';
import { GET as traceContext } from '@/app/api/traces/[traceId]/context/route';
import { GET as traceProfile } from '@/app/api/traces/[traceId]/profile/route';
import { GET as alertList } from '@/app/api/alerts/route';
import { GET as alertDetail } from '@/app/api/alerts/[name]/route';
import { GET as search } from '@/app/api/search/route';
import { GET as sloList } from '@/app/api/slo/route';
import { GET as sloOne } from '@/app/api/slo/[id]/route';
import { GET as sloReport } from '@/app/api/slo/[id]/report/route';
import { GET as sloSummary } from '@/app/api/slo/[id]/summary/route';
import { GET as reportOverview } from '@/app/api/reports/[month]/route';
import { GET as reportSection } from '@/app/api/reports/[month]/sections/[section]/route';
import { GET as reportActionItems } from '@/app/api/reports/[month]/action-items/route';
import { POST as createPermalink } from '@/app/api/permalinks/route';
import { GET as permalinkPreview } from '@/app/s/[slug]/preview.png/route';
import type { Backend } from './matrix';

const ORIGIN = 'http://weft.test';

export interface RouteCall {
  /** The path as the page asks for it (for messages). */
  path: string;
  send(): Promise<Response>;
}

export interface RouteAnswer {
  path: string;
  status: number;
  text: string;
  body: unknown;
  tookMs: number;
}

export interface SampleTrace {
  traceId: string;
  services: string[];
  spanId: string;
  /** The view's range around the trace, epoch ms. */
  fromMs: number;
  toMs: number;
}

export interface ViewInputs {
  trace: SampleTrace;
  /** An alert view address: /alerts/<name>?labels=...&from&to */
  alertHref: string;
  sloId: string;
  month: string;
  /** The report's time zone: a different one per case keeps the report's section cache out of the way. */
  timeZone: string;
}

export interface View {
  name: string;
  /** Backends the view reads: a fault elsewhere must not show at all. */
  backends: readonly Backend[];
  routes(inputs: ViewInputs): RouteCall[];
}

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

function get<P>(handler: Handler<P>, path: string, params: P): RouteCall {
  return { path, send: () => handler(new Request(ORIGIN + path), { params: Promise.resolve(params) }) };
}

function getPlain(handler: (request: Request) => Promise<Response>, path: string): RouteCall {
  return { path, send: () => handler(new Request(ORIGIN + path)) };
}

function rangeQuery(fromMs: number, toMs: number): string {
  return `from=${Math.round(fromMs)}&to=${Math.round(toMs)}`;
}

export const VIEWS: readonly View[] = [
  {
    name: 'trace view',
    backends: ['tempo', 'loki', 'prometheus', 'pyroscope'],
    routes: ({ trace }) => {
      const range = rangeQuery(trace.fromMs, trace.toMs);
      const id = trace.traceId;
      const params = { traceId: id };
      return [
        get(traceTimeline, `/api/traces/${id}/timeline?${range}`, params),
        get(traceContext, `/api/traces/${id}/context?services=${encodeURIComponent(trace.services.join(','))}&${range}`, params),
        get(traceProfile, `/api/traces/${id}/profile?span=${trace.spanId}&${range}`, params),
      ];
    },
  },
  {
    name: 'alert view',
    backends: ['prometheus', 'tempo', 'alertmanager'],
    routes: ({ alertHref }) => {
      const url = new URL(alertHref, ORIGIN);
      const name = decodeURIComponent(url.pathname.replace(/^\/alerts\//, ''));
      return [get(alertDetail, `/api/alerts/${encodeURIComponent(name)}${url.search}`, { name })];
    },
  },
  {
    name: 'home alerts and trace search',
    backends: ['prometheus', 'tempo', 'alertmanager'],
    routes: ({ trace }) => [
      getPlain(alertList, `/api/alerts?${rangeQuery(trace.toMs - 3_600_000, trace.toMs)}`),
      getPlain(search, `/api/search?service=${encodeURIComponent(trace.services[0] ?? 'gateway')}&${rangeQuery(trace.fromMs, trace.toMs)}`),
    ],
  },
  {
    name: 'SLO view',
    backends: ['prometheus'],
    routes: ({ sloId, trace }) => {
      const range = rangeQuery(trace.toMs - 24 * 3_600_000, trace.toMs);
      const params = { id: sloId };
      return [
        { path: '/api/slo', send: () => sloList() },
        get(sloOne, `/api/slo/${sloId}`, params),
        get(sloSummary, `/api/slo/${sloId}/summary?${range}`, params),
        get(sloReport, `/api/slo/${sloId}/report?${range}`, params),
      ];
    },
  },
  {
    // Sharing the trace view: the link is made (its summary reads Tempo) and its unfurl image rendered (Tempo's
    // waterfall); a failing source may make both plainer, never fail them.
    name: 'shared link',
    backends: [],
    routes: ({ trace }) => [
      {
        path: `/api/permalinks -> /s/<slug>/preview.png (trace ${trace.traceId})`,
        async send() {
          const href = `/trace/${trace.traceId}?${rangeQuery(trace.fromMs, trace.toMs)}`;
          const created = await createPermalink(
            new Request(`${ORIGIN}/api/permalinks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ href }) }),
          );
          if (created.status !== 201) return created;
          const { slug } = (await created.json()) as { slug: string };
          return permalinkPreview(new Request(`${ORIGIN}/s/${slug}/preview.png`), { params: Promise.resolve({ slug }) });
        },
      },
    ],
  },
  {
    name: 'monthly report',
    backends: ['prometheus', 'loki', 'tempo', 'pyroscope'],
    routes: ({ month, timeZone }) => {
      const tz = `tz=${encodeURIComponent(timeZone)}`;
      return [
        get(reportOverview, `/api/reports/${month}?${tz}`, { month }),
        ...(['slos', 'incidents', 'alert-quality', 'coverage', 'maturity'] as const).map((section) =>
          get(reportSection, `/api/reports/${month}/sections/${section}?${tz}`, { month, section }),
        ),
        get(reportActionItems, `/api/reports/${month}/action-items?${tz}`, { month }),
      ];
    },
  },
];

/** Calls a view's routes in parallel, as its page does. */
export async function callView(view: View, inputs: ViewInputs): Promise<RouteAnswer[]> {
  return Promise.all(
    view.routes(inputs).map(async (route) => {
      const started = performance.now();
      const response = await route.send();
      // An image is checked by its status and type, not read as text.
      const image = (response.headers.get('content-type') ?? '').startsWith('image/');
      const text = image ? `[${response.headers.get('content-type')} ${(await response.arrayBuffer()).byteLength} bytes]` : await response.text();
      const tookMs = performance.now() - started;
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: the assertions name it.
      }
      return { path: route.path, status: response.status, text, body, tookMs };
    }),
  );
}
