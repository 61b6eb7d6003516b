'use client';
// "Share": makes a permalink of a view (by default the current address), copies it to the clipboard and shows
// it with "Copy as Markdown" (what, where, when in the reader's zone, key log line, link). The range is pinned
// to absolute times by the server, so the link shows the same window tomorrow.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { CreatePermalinkBody, PermalinkJson } from '@/lib/permalink/api-types';
import { permalinkMarkdown } from '@/lib/permalink/markdown';
import { describeAbsoluteRange } from '@/lib/permalink/title';
import type { RawTimeRange } from '@/lib/time-range';
import { copyText } from './clipboard';
import { createPermalink } from './share-api';
import styles from './share-button.module.css';

/** A view to share: the page's current address, or a path with its parameters and range. */
export type ShareView = 'current' | { path: string; params?: Record<string, string | string[]>; range?: RawTimeRange };

export interface ShareButtonProps {
  view?: ShareView;
  label?: string;
  className?: string;
}

type Status =
  | { kind: 'idle' }
  | { kind: 'creating' }
  | { kind: 'ready'; link: PermalinkJson; note: { text: string; ok: boolean } | null }
  | { kind: 'error'; message: string };

function bodyOf(view: ShareView): CreatePermalinkBody {
  if (view === 'current') return { href: `${window.location.pathname}${window.location.search}` };
  return { path: view.path, ...(view.params ? { params: view.params } : {}), ...(view.range ? { range: view.range } : {}) };
}

function readerTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function ShareButton({ view = 'current', label = 'Share', className }: ShareButtonProps) {
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  // One link per view address: sharing the same view twice gives the same link.
  const made = useRef(new Map<string, PermalinkJson>());
  const rootRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const abortRef = useRef<AbortController | null>(null);
  const popoverId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (rootRef.current && event.target instanceof Node && !rootRef.current.contains(event.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  useEffect(() => () => abortRef.current?.abort(), []);

  async function share() {
    setOpen(true);
    const body = bodyOf(view);
    const key = JSON.stringify(body);
    const known = made.current.get(key);
    if (known) {
      setStatus({ kind: 'ready', link: known, note: (await copyText(known.url)) ? { text: 'Link copied', ok: true } : null });
      return;
    }
    abortRef.current?.abort();
    const controller = new AbortController();
    abortRef.current = controller;
    setStatus({ kind: 'creating' });
    try {
      const link = await createPermalink(body, controller.signal);
      made.current.set(key, link);
      const copied = await copyText(link.url);
      setStatus({ kind: 'ready', link, note: copied ? { text: 'Link copied', ok: true } : { text: 'Select the link and copy it (the browser did not allow copying)', ok: false } });
    } catch (error) {
      if (controller.signal.aborted) return;
      setStatus({ kind: 'error', message: error instanceof Error ? error.message : 'The link could not be made' });
    }
  }

  async function copy(what: 'link' | 'markdown') {
    if (status.kind !== 'ready') return;
    const { link } = status;
    const text = what === 'link' ? link.url : permalinkMarkdown({ title: link.title, state: link.state, url: link.url, timeZone: readerTimeZone() });
    const copied = await copyText(text);
    setStatus({ kind: 'ready', link, note: copied ? { text: what === 'link' ? 'Link copied' : 'Markdown copied', ok: true } : { text: 'The browser did not allow copying', ok: false } });
  }

  function close() {
    setOpen(false);
    triggerRef.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape' && open) {
      event.stopPropagation();
      close();
    }
  }

  return (
    <div className={styles.root} ref={rootRef} onKeyDown={onKeyDown}>
      <button
        ref={triggerRef}
        type="button"
        className={className ?? 'btn'}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? popoverId : undefined}
        data-testid="share-button"
        disabled={status.kind === 'creating'}
        onClick={() => void share()}
      >
        <LinkIcon />
        <span>{status.kind === 'creating' ? 'Sharing…' : label}</span>
      </button>
      {open && (
        <div className={styles.popover} id={popoverId} role="dialog" aria-label="Share this view" data-testid="share-popover">
          {status.kind === 'creating' && <p className="muted">Making a link…</p>}
          {status.kind === 'error' && (
            <div role="alert" className={styles.error} data-testid="share-error">
              <p>{status.message}</p>
              <button type="button" className="btn" onClick={() => void share()}>
                Try again
              </button>
            </div>
          )}
          {status.kind === 'ready' && (
            <>
              <p className={styles.title}>{status.link.title}</p>
              <label className={styles.label} htmlFor={`${popoverId}-url`}>
                Link to this view
              </label>
              <input
                id={`${popoverId}-url`}
                className={`input mono ${styles.url}`}
                readOnly
                value={status.link.url}
                data-testid="share-url"
                onFocus={(event) => event.currentTarget.select()}
              />
              <p className="field-hint" data-testid="share-range">
                Pinned to {describeAbsoluteRange(status.link.state.range)}: the link shows this window whenever it is opened.
              </p>
              <div className={styles.actions}>
                <button type="button" className="btn btn-primary" onClick={() => void copy('link')} data-testid="share-copy-link">
                  Copy link
                </button>
                <button type="button" className="btn" onClick={() => void copy('markdown')} data-testid="share-copy-markdown">
                  Copy as Markdown
                </button>
              </div>
              <p className={styles.note} role="status" data-testid="share-status" data-ok={status.note?.ok ?? undefined}>
                {status.note?.text}
              </p>
            </>
          )}
        </div>
      )}
    </div>
  );
}

function LinkIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path
        d="M6.5 9.5a3 3 0 0 0 4.2 0l2.3-2.3a3 3 0 0 0-4.2-4.2l-.9.9M9.5 6.5a3 3 0 0 0-4.2 0L3 8.8a3 3 0 0 0 4.2 4.2l.9-.9"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
      />
    </svg>
  );
}
