// /trace/<id>: the trace view. The server checks the id (any accepted spelling is redirected to the canonical
// 32-hex form, so one trace has one address) and hands over to the client view, which reads the rest of
// its state from the URL.
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { preload } from 'react-dom';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { ErrorState } from '@/components/shell/ErrorState';
import { Loading } from '@/components/shell/Loading';
import { apiPath } from '@/components/investigation/trace/api';
import { TraceView } from '@/components/investigation/trace/TraceView';
import { parseTraceViewState } from '@/lib/investigation/trace-url';
import { traceIdFromUserInput } from '@/lib/investigation/trace-requests';

type Params = Promise<{ traceId: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const traceId = traceIdFromUserInput(decoded((await params).traceId));
  return { title: traceId ? `Trace ${traceId.slice(0, 12)}…` : 'Not a trace id' };
}

export default async function TracePage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const segment = decoded((await params).traceId);
  const traceId = traceIdFromUserInput(segment);
  if (!traceId) {
    return (
      <div className="page">
        <ErrorState
          headingLevel={1}
          title="Not a trace id"
          message={
            <>
              <span className="mono">{segment.slice(0, 140)}</span> is not a trace id. Trace ids are 32 hexadecimal characters (16 for
              Jaeger ids), or a W3C traceparent such as 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01.
            </>
          }
          action={
            <Link className="btn" href="/traces">
              Search traces
            </Link>
          }
        />
      </div>
    );
  }
  if (traceId !== segment) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(await searchParams)) {
      for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) query.append(key, one);
    }
    const text = query.toString();
    redirect(`/trace/${traceId}${text ? `?${text}` : ''}`);
  }
  // Start reading the timeline while the page's scripts load: the view's own fetch (same URL, same mode)
  // then takes the preloaded answer instead of asking after hydration.
  const { range } = parseTraceViewState(await searchParams);
  preload(apiPath(traceId, 'timeline', { from: range?.from, to: range?.to }), { as: 'fetch', crossOrigin: 'anonymous' });
  return (
    <Suspense fallback={<Loading label="Opening the trace…" />}>
      {/* Keyed: another trace (an exemplar, a span link) starts with fresh view state. */}
      <TraceView key={traceId} traceId={traceId} />
    </Suspense>
  );
}
