'use client';
// The selected span in full: status, timing, ids (copyable), attributes, resource, events and links.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { SpanId, TraceId } from '@/lib/model/trace';
import type { TraceTree } from '@/lib/trace-view/build-trace-tree';
import { formatDurationUs } from '@/lib/trace-view/format';
import { attributeRows, spanDetails, type AttributeRow } from '@/lib/trace-view/span-details';
import { serviceColor } from './service-colors';
import styles from './waterfall.module.css';

export interface SpanDetailsProps {
  tree: TraceTree;
  spanId: SpanId;
  /** Jump to another span of this trace (parent, links into the same trace). */
  onSelectSpan?: (spanId: SpanId) => void;
  /** Open another trace (links to other traces). */
  onOpenTrace?: (traceId: TraceId, spanId: SpanId) => void;
}

export function SpanDetails({ tree, spanId, onSelectSpan, onOpenTrace }: SpanDetailsProps) {
  const details = useMemo(() => spanDetails(tree, spanId), [tree, spanId]);
  if (!details) {
    return (
      <section className={styles.details} aria-label="Span details">
        <p className={styles.none}>Span {spanId} is not in this trace.</p>
      </section>
    );
  }
  const node = tree.nodes[tree.indexById.get(spanId) ?? 0];
  const service = tree.services[node.serviceIndex];
  const statusClass =
    details.status.code === 'error' ? styles.statusError : details.status.code === 'ok' ? styles.statusOk : '';

  return (
    <section className={styles.details} aria-label="Span details" data-testid="span-details">
      <h3 className={styles.detailsTitle}>
        <span className={styles.serviceChip} style={{ background: serviceColor(service?.colorIndex ?? 0) }} />
        <span>
          {details.serviceName}: {details.name}
        </span>
      </h3>
      <div className={styles.detailsMeta}>
        <span>
          Duration <strong>{formatDurationUs(details.durationUs)}</strong>
        </span>
        <span>
          Starts at <strong>+{formatDurationUs(details.startUs)}</strong>
        </span>
        <span title="Span start, UTC">{new Date(details.startMs).toISOString().replace('T', ' ').replace('Z', ' UTC')}</span>
        <span>
          Kind <strong>{details.kind}</strong>
        </span>
        <span className={`${styles.status} ${statusClass}`}>{details.status.code}</span>
      </div>
      {details.status.message ? (
        <p className={styles.warning} role="status">
          {details.status.message}
        </p>
      ) : null}
      {details.warnings.map((w) => (
        <p key={w} className={styles.warning}>
          {w}
        </p>
      ))}

      <div>
        <IdRow label="Trace ID" value={details.traceId} />
        <IdRow label="Span ID" value={details.spanId} />
        {details.parentSpanId ? (
          <IdRow
            label="Parent ID"
            value={details.parentSpanId}
            onOpen={tree.indexById.has(details.parentSpanId) && onSelectSpan ? () => onSelectSpan(details.parentSpanId as SpanId) : undefined}
          />
        ) : null}
        {details.scope ? (
          <div className={styles.idRow}>
            <span className={styles.eventTime}>Scope</span>
            <span className={styles.idValue}>
              {details.scope.name}
              {details.scope.version ? ` ${details.scope.version}` : ''}
            </span>
          </div>
        ) : null}
      </div>

      <details className={styles.section} open>
        <summary>
          Attributes <span>({details.attributes.length})</span>
        </summary>
        <AttributeTable rows={details.attributes} />
      </details>

      <details className={styles.section} open={details.resource.length <= 8}>
        <summary>
          Resource <span>({details.resource.length})</span>
        </summary>
        <AttributeTable rows={details.resource} />
      </details>

      <details className={styles.section} open>
        <summary>
          Events <span>({details.events.length})</span>
        </summary>
        {details.events.length === 0 ? (
          <p className={styles.none}>No events.</p>
        ) : (
          <ul className={styles.events}>
            {details.events.map((e, i) => (
              <li key={`${e.name}-${i}`}>
                <span className={styles.eventTime} title="Since the span started">
                  {e.offsetInSpanUs === null ? '?' : `+${formatDurationUs(e.offsetInSpanUs)}`}
                </span>
                <strong>{e.name}</strong>
                {e.attributes.length > 0 ? <AttributeTable rows={e.attributes} /> : null}
              </li>
            ))}
          </ul>
        )}
      </details>

      {details.links.length > 0 ? (
        <details className={styles.section} open>
          <summary>
            Links <span>({details.links.length})</span>
          </summary>
          <ul className={styles.events}>
            {details.links.map((link) => {
              const sameTrace = link.traceId === details.traceId && tree.indexById.has(link.spanId);
              const open = sameTrace ? onSelectSpan && (() => onSelectSpan(link.spanId)) : onOpenTrace && (() => onOpenTrace(link.traceId, link.spanId));
              return (
                <li key={`${link.traceId}-${link.spanId}`}>
                  {open ? (
                    <button type="button" className={styles.linkButton} onClick={open}>
                      {sameTrace ? `span ${link.spanId}` : `trace ${link.traceId} / span ${link.spanId}`}
                    </button>
                  ) : (
                    <span className={styles.idValue}>
                      {link.traceId} / {link.spanId}
                    </span>
                  )}
                  {Object.keys(link.attributes).length > 0 ? <AttributeTable rows={attributeRows(link.attributes)} /> : null}
                </li>
              );
            })}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

function AttributeTable({ rows }: { rows: readonly AttributeRow[] }) {
  if (rows.length === 0) return <p className={styles.none}>None.</p>;
  return (
    <table className={styles.kv}>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.key}</th>
            <td>{r.text}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function IdRow({ label, value, onOpen }: { label: string; value: string; onOpen?: () => void }) {
  return (
    <div className={styles.idRow}>
      <span className={styles.eventTime}>{label}</span>
      {onOpen ? (
        <button type="button" className={styles.linkButton} onClick={onOpen} title="Select this span">
          {value}
        </button>
      ) : (
        <span className={styles.idValue}>{value}</span>
      )}
      <CopyButton text={value} label={label} />
    </div>
  );
}

/** Copies text; falls back to a hidden textarea where the Clipboard API is missing (plain-HTTP hosts). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const copy = async () => {
    let ok = false;
    try {
      if (navigator.clipboard?.writeText) {
        await navigator.clipboard.writeText(text);
        ok = true;
      }
    } catch {
      ok = false; // permission denied or insecure context: try the fallback below
    }
    if (!ok) ok = copyWithTextarea(text);
    setState(ok ? 'copied' : 'failed');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), 1500);
  };

  return (
    <button type="button" className={styles.copy} onClick={copy} aria-label={`Copy ${label}`}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}

function copyWithTextarea(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } finally {
    area.remove();
  }
  return ok;
}
