'use client';
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import {
  TIME_RANGE_PRESETS,
  currentTimeMs,
  describeTimeRange,
  formatInstant,
  isRelativeRange,
  isSameRawRange,
  makeAbsolute,
  parseTimeRange,
  type RawTimeRange,
} from '@/lib/time-range';
import { useTimeRange } from './use-time-range';

/**
 * The global time range: a button showing the current range and a popover with quick ranges, free-form
 * from/to inputs (now-6h, epoch ms or RFC3339) and "Make absolute". Everything lives in the URL (`from`, `to`).
 * Uses useSearchParams: render it inside <Suspense fallback={<TimeRangePickerFallback />}>.
 */
export function TimeRangePicker() {
  const { raw, setRange } = useTimeRange();
  const [open, setOpen] = useState(false);
  // Relative sides resolve against this clock: read once on mount and again whenever the popover opens.
  const [clockMs, setClockMs] = useState(() => currentTimeMs());
  const [draft, setDraft] = useState<RawTimeRange>(raw);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const popoverId = useId();
  const fromId = useId();
  const toId = useId();
  const errorId = useId();

  const urlRange = parseTimeRange(raw, clockMs);
  const label = urlRange.ok ? describeTimeRange(raw, clockMs) : 'Invalid time range';
  const relative = isRelativeRange(raw);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (rootRef.current && event.target instanceof Node && !rootRef.current.contains(event.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    // Focus the selected quick range (or the first one) so keyboard users land inside the popover.
    const root = rootRef.current;
    const target =
      root?.querySelector<HTMLButtonElement>('.preset-list button[aria-pressed="true"]') ??
      root?.querySelector<HTMLButtonElement>('.preset-list button');
    target?.focus();
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  function toggle() {
    if (open) {
      setOpen(false);
      return;
    }
    setDraft(raw);
    setSubmitError(null);
    setClockMs(currentTimeMs());
    setOpen(true);
  }

  function close() {
    setOpen(false);
    triggerRef.current?.focus();
  }

  function choose(next: RawTimeRange) {
    setRange(next);
    close();
  }

  function onApply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = parseTimeRange(draft, currentTimeMs());
    if (!parsed.ok) {
      setSubmitError(parsed.error);
      return;
    }
    choose(parsed.value.raw);
  }

  function onMakeAbsolute() {
    const pinned = makeAbsolute(raw, currentTimeMs());
    if (!pinned.ok) {
      setSubmitError(pinned.error);
      return;
    }
    choose(pinned.value);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape' && open) {
      event.stopPropagation();
      close();
    }
  }

  const draftCheck = parseTimeRange(draft, clockMs);
  const shownError = submitError ?? (draftCheck.ok ? null : draftCheck.error);

  return (
    <div className="time-range" ref={rootRef} onKeyDown={onKeyDown}>
      <button
        ref={triggerRef}
        type="button"
        className="btn time-range-trigger"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? popoverId : undefined}
        data-invalid={urlRange.ok ? undefined : 'true'}
        data-testid="time-range-trigger"
        title={urlRange.ok ? `Time range: ${raw.from} to ${raw.to}` : urlRange.error}
        onClick={toggle}
      >
        <ClockIcon />
        <span>{label}</span>
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="time-range-popover" id={popoverId} role="dialog" aria-label="Time range">
          <section aria-labelledby={`${popoverId}-quick`}>
            <h2 id={`${popoverId}-quick`}>Quick ranges</h2>
            <ul className="preset-list">
              {TIME_RANGE_PRESETS.map((preset) => (
                <li key={preset.short}>
                  <button
                    type="button"
                    aria-pressed={isSameRawRange(preset.raw, raw)}
                    data-preset={preset.short}
                    onClick={() => choose(preset.raw)}
                  >
                    {preset.label}
                  </button>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby={`${popoverId}-abs`}>
            <h2 id={`${popoverId}-abs`}>Custom range</h2>
            <form onSubmit={onApply} noValidate>
              <div className="field">
                <label htmlFor={fromId}>From</label>
                <input
                  id={fromId}
                  name="from"
                  className="input mono"
                  value={draft.from}
                  autoComplete="off"
                  spellCheck={false}
                  aria-invalid={shownError !== null}
                  aria-describedby={`${errorId} ${fromId}-hint`}
                  onChange={(e) => {
                    setDraft({ ...draft, from: e.target.value });
                    setSubmitError(null);
                  }}
                />
              </div>
              <div className="field">
                <label htmlFor={toId}>To</label>
                <input
                  id={toId}
                  name="to"
                  className="input mono"
                  value={draft.to}
                  autoComplete="off"
                  spellCheck={false}
                  aria-invalid={shownError !== null}
                  aria-describedby={`${errorId} ${fromId}-hint`}
                  onChange={(e) => {
                    setDraft({ ...draft, to: e.target.value });
                    setSubmitError(null);
                  }}
                />
              </div>
              <p className="field-hint" id={`${fromId}-hint`}>
                Relative (<code>now-6h</code>), epoch milliseconds, or RFC3339 (<code>2026-11-21T10:00:00Z</code>). Times
                are shown in UTC.
              </p>
              <p className="form-error" id={errorId} role="alert">
                {shownError}
              </p>
              {shownError === null && draftCheck.ok && (
                <p className="field-hint" data-testid="time-range-preview">
                  {formatInstant(draftCheck.value.fromMs)} → {formatInstant(draftCheck.value.toMs)}
                </p>
              )}
              <div className="time-range-actions">
                <button type="submit" className="btn btn-primary">
                  Apply
                </button>
                <button
                  type="button"
                  className="btn"
                  onClick={onMakeAbsolute}
                  disabled={!relative || !urlRange.ok}
                  title="Pin the current range to absolute times (epoch ms), e.g. before sharing a link"
                >
                  Make absolute
                </button>
              </div>
            </form>
          </section>
        </div>
      )}
    </div>
  );
}

/** What the header shows while the picker waits for the URL on a statically rendered page. */
export function TimeRangePickerFallback() {
  return (
    <div className="time-range">
      <button type="button" className="btn time-range-trigger" disabled>
        <ClockIcon />
        <span>Time range</span>
        <span aria-hidden="true">▾</span>
      </button>
    </div>
  );
}

function ClockIcon() {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3 2" />
    </svg>
  );
}
