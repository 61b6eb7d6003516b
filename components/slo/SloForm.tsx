'use client';
// Create or edit an SLO. The definition is validated here as the server will (lib/slo/model), the queries
// can be checked against Prometheus before saving, and the server runs that check again on save: a query
// Prometheus rejects is listed with its reason and nothing is saved.
import { useId, useMemo, useState, type FormEvent } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useQueryClient } from '@tanstack/react-query';
import { Notice } from '@/components/shell/Notice';
import type { SloCheckResponse, SloSaveResponse } from '@/lib/slo/api-types';
import { MAX_ROLLING_DAYS, validateSloDefinition, type Slo, type SloDefinition } from '@/lib/slo/model';
import { WINDOW_PLACEHOLDER } from '@/lib/slo/sli-query';
import { sendJson, SaveError } from './api';
import styles from './slo.module.css';

type WindowChoice = 'rolling' | 'calendar';

interface Draft {
  name: string;
  service: string;
  description: string;
  owner: string;
  sliType: 'bad' | 'good';
  numeratorQuery: string;
  totalQuery: string;
  objectivePercent: string;
  windowKind: WindowChoice;
  rollingDays: string;
  calendarPeriod: 'month' | 'quarter';
  timeZone: string;
  labels: string;
}

function draftFrom(slo: Slo | undefined): Draft {
  if (!slo) {
    return {
      name: '',
      service: '',
      description: '',
      owner: '',
      sliType: 'bad',
      numeratorQuery: '',
      totalQuery: '',
      objectivePercent: '99.9',
      windowKind: 'rolling',
      rollingDays: '30',
      calendarPeriod: 'month',
      timeZone: 'UTC',
      labels: '',
    };
  }
  return {
    name: slo.name,
    service: slo.service,
    description: slo.description,
    owner: slo.owner,
    sliType: slo.sli.type,
    numeratorQuery: slo.sli.type === 'bad' ? slo.sli.badQuery : slo.sli.goodQuery,
    totalQuery: slo.sli.totalQuery,
    objectivePercent: String(Number((slo.objective * 100).toPrecision(12))),
    windowKind: slo.window.kind,
    rollingDays: slo.window.kind === 'rolling' ? String(slo.window.days) : '30',
    calendarPeriod: slo.window.kind === 'calendar' ? slo.window.period : 'month',
    timeZone: slo.window.kind === 'calendar' ? slo.window.timeZone : 'UTC',
    labels: Object.entries(slo.labels)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n'),
  };
}

/** "team=payments" lines -> a map; a line without "=" is an error naming it. */
function parseLabels(text: string): { ok: true; value: Record<string, string> } | { ok: false; error: string } {
  const labels: Record<string, string> = {};
  for (const [index, line] of text.split('\n').entries()) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const at = trimmed.indexOf('=');
    if (at <= 0) return { ok: false, error: `labels: line ${index + 1} is not name=value` };
    labels[trimmed.slice(0, at).trim()] = trimmed.slice(at + 1).trim();
  }
  return { ok: true, value: labels };
}

function definitionFrom(draft: Draft): { ok: true; value: SloDefinition } | { ok: false; error: string } {
  const labels = parseLabels(draft.labels);
  if (!labels.ok) return labels;
  const percent = draft.objectivePercent.trim() === '' ? Number.NaN : Number(draft.objectivePercent);
  const days = draft.rollingDays.trim() === '' ? Number.NaN : Number(draft.rollingDays);
  const candidate = {
    name: draft.name,
    service: draft.service,
    description: draft.description,
    owner: draft.owner.trim(),
    sli:
      draft.sliType === 'bad'
        ? { type: 'bad', badQuery: draft.numeratorQuery, totalQuery: draft.totalQuery }
        : { type: 'good', goodQuery: draft.numeratorQuery, totalQuery: draft.totalQuery },
    objective: Number.isFinite(percent) ? Number((percent / 100).toPrecision(12)) : 'not a number',
    window: draft.windowKind === 'rolling' ? { kind: 'rolling', days } : { kind: 'calendar', period: draft.calendarPeriod, timeZone: draft.timeZone.trim() },
    labels: labels.value,
  };
  const result = validateSloDefinition(candidate);
  if (!result.ok && result.error.startsWith('objective')) return { ok: false, error: result.error.replace(/^objective must be a number/, 'objective must be a percentage such as 99.9') };
  return result;
}

/** Which field a validation message is about, by its leading field name. */
function fieldOf(error: string | null): string | null {
  if (!error) return null;
  const match = /^(sli\.(?:badQuery|goodQuery|totalQuery)|window\.(?:days|timeZone|period)|name|service|description|owner|objective|labels)/.exec(error);
  return match ? match[1] : null;
}

function timeZones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  return supported ? ['UTC', ...supported('timeZone')] : ['UTC'];
}

export function SloForm({ initial }: { initial?: Slo }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftFrom(initial));
  const [error, setError] = useState<string | null>(null);
  const [serverErrors, setServerErrors] = useState<string[]>([]);
  const [check, setCheck] = useState<SloCheckResponse | null>(null);
  const [busy, setBusy] = useState<'check' | 'save' | null>(null);
  const zones = useMemo(() => timeZones(), []);
  const invalid = fieldOf(error);
  const numeratorField = draft.sliType === 'bad' ? 'sli.badQuery' : 'sli.goodQuery';

  function set<K extends keyof Draft>(key: K, value: Draft[K]) {
    setDraft((current) => ({ ...current, [key]: value }));
    setError(null);
    setCheck(null);
  }

  async function onCheck() {
    const definition = definitionFrom(draft);
    if (!definition.ok) {
      setError(definition.error);
      return;
    }
    setBusy('check');
    setServerErrors([]);
    try {
      setCheck(await sendJson<SloCheckResponse>('/api/slo/check', 'POST', { sli: definition.value.sli }));
    } catch (failure) {
      setError(failure instanceof SaveError ? failure.message : 'The queries could not be checked');
    } finally {
      setBusy(null);
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const definition = definitionFrom(draft);
    if (!definition.ok) {
      setError(definition.error);
      return;
    }
    setBusy('save');
    setServerErrors([]);
    try {
      const saved = initial
        ? await sendJson<SloSaveResponse>(`/api/slo/${encodeURIComponent(initial.id)}`, 'PUT', { definition: definition.value, version: initial.version })
        : await sendJson<SloSaveResponse>('/api/slo', 'POST', { definition: definition.value });
      await queryClient.invalidateQueries({ queryKey: ['slo-list'] });
      router.push(`/slo/${encodeURIComponent(saved.slo.id)}`);
      router.refresh();
    } catch (failure) {
      if (failure instanceof SaveError) {
        setError(failure.message);
        setServerErrors(failure.errors);
        if (failure.warnings.length > 0) setCheck({ errors: failure.errors, warnings: failure.warnings });
      } else {
        setError('The SLO could not be saved');
      }
      setBusy(null);
    }
  }

  const field = (name: string) => ({ id: `${id}-${name}`, 'aria-invalid': invalid === name ? true : undefined, 'aria-describedby': `${id}-${name}-hint` });

  return (
    <form className={styles.form} onSubmit={(event) => void onSubmit(event)} noValidate data-testid="slo-form">
      <fieldset className={styles.fieldset}>
        <legend>What it covers</legend>
        <div className={styles.formRow}>
          <div className="field">
            <label htmlFor={`${id}-name`}>Name</label>
            <input className="input mono" value={draft.name} onChange={(e) => set('name', e.target.value)} autoComplete="off" spellCheck={false} {...field('name')} />
            <span className="field-hint" id={`${id}-name-hint`}>
              Lowercase, digits, <code>-</code> <code>_</code> <code>.</code> — e.g. checkout-availability. Unique per service.
            </span>
          </div>
          <div className="field">
            <label htmlFor={`${id}-service`}>Service</label>
            <input className="input" value={draft.service} onChange={(e) => set('service', e.target.value)} autoComplete="off" spellCheck={false} {...field('service')} />
            <span className="field-hint" id={`${id}-service-hint`}>
              As traces name it (service.name): the SLO links to its traces.
            </span>
          </div>
          <div className="field">
            <label htmlFor={`${id}-owner`}>Owner</label>
            <input className="input" value={draft.owner} onChange={(e) => set('owner', e.target.value)} autoComplete="off" {...field('owner')} />
            <span className="field-hint" id={`${id}-owner-hint`}>
              A team or person (optional).
            </span>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-description`}>Description</label>
          <textarea className="input" rows={2} value={draft.description} onChange={(e) => set('description', e.target.value)} {...field('description')} />
          <span className="field-hint" id={`${id}-description-hint`}>
            What a good event means for the people using the service (optional).
          </span>
        </div>
      </fieldset>

      <fieldset className={styles.fieldset}>
        <legend>Service level indicator</legend>
        <div className={styles.radios} role="radiogroup" aria-label="SLI type">
          <label>
            <input type="radio" name={`${id}-sli-type`} checked={draft.sliType === 'bad'} onChange={() => set('sliType', 'bad')} /> Bad events / all events
          </label>
          <label>
            <input type="radio" name={`${id}-sli-type`} checked={draft.sliType === 'good'} onChange={() => set('sliType', 'good')} /> Good events / all events
          </label>
        </div>
        <div className="field">
          <label htmlFor={`${id}-${numeratorField}`}>{draft.sliType === 'bad' ? 'Bad events' : 'Good events'} (PromQL)</label>
          <textarea
            className="input mono"
            rows={2}
            value={draft.numeratorQuery}
            onChange={(e) => set('numeratorQuery', e.target.value)}
            spellCheck={false}
            {...field(numeratorField)}
          />
          <span className="field-hint" id={`${id}-${numeratorField}-hint`}>
            A counter selector such as <code>http_requests_total{'{'}code=~&quot;5..&quot;{'}'}</code>, or a query with <code>{WINDOW_PLACEHOLDER}</code> as Sloth
            writes it: <code>sum(rate(http_requests_total{'{'}code=~&quot;5..&quot;{'}'}[{WINDOW_PLACEHOLDER}]))</code>.
          </span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-sli.totalQuery`}>All events (PromQL)</label>
          <textarea className="input mono" rows={2} value={draft.totalQuery} onChange={(e) => set('totalQuery', e.target.value)} spellCheck={false} {...field('sli.totalQuery')} />
          <span className="field-hint" id={`${id}-sli.totalQuery-hint`}>
            The same form: the counter of every event, e.g. <code>http_requests_total</code>.
          </span>
        </div>
        <div className="row">
          <button type="button" className="btn" onClick={() => void onCheck()} disabled={busy !== null}>
            {busy === 'check' ? 'Checking…' : 'Check queries against Prometheus'}
          </button>
          {check && check.errors.length === 0 && (
            <span className={styles.checkOk} role="status">
              Prometheus accepts both queries{check.warnings.length > 0 ? ', with warnings below' : ''}.
            </span>
          )}
        </div>
        {check && check.errors.length > 0 && (
          <Notice kind="error" title="Prometheus rejected">
            {check.errors.join('; ')}
          </Notice>
        )}
        {check && check.warnings.length > 0 && <Notice kind="warning">{check.warnings.join('; ')}</Notice>}
      </fieldset>

      <fieldset className={styles.fieldset}>
        <legend>Objective and window</legend>
        <div className={styles.formRow}>
          <div className="field">
            <label htmlFor={`${id}-objective`}>Objective (% good)</label>
            <input className="input mono" inputMode="decimal" value={draft.objectivePercent} onChange={(e) => set('objectivePercent', e.target.value)} {...field('objective')} />
            <span className="field-hint" id={`${id}-objective-hint`}>
              e.g. 99.9: an error budget of 0.1 % of events.
            </span>
          </div>
          <div className="field">
            <label htmlFor={`${id}-window-kind`}>Window</label>
            <select id={`${id}-window-kind`} className="input" value={draft.windowKind} onChange={(e) => set('windowKind', e.target.value as WindowChoice)}>
              <option value="rolling">Rolling days</option>
              <option value="calendar">Calendar period</option>
            </select>
          </div>
          {draft.windowKind === 'rolling' ? (
            <div className="field">
              <label htmlFor={`${id}-window.days`}>Days</label>
              <input className="input mono" inputMode="numeric" list={`${id}-days`} value={draft.rollingDays} onChange={(e) => set('rollingDays', e.target.value)} {...field('window.days')} />
              <datalist id={`${id}-days`}>
                <option value="7" />
                <option value="28" />
                <option value="30" />
              </datalist>
              <span className="field-hint" id={`${id}-window.days-hint`}>
                7, 28 or 30 are usual; at most {MAX_ROLLING_DAYS}.
              </span>
            </div>
          ) : (
            <>
              <div className="field">
                <label htmlFor={`${id}-window.period`}>Period</label>
                <select id={`${id}-window.period`} className="input" value={draft.calendarPeriod} onChange={(e) => set('calendarPeriod', e.target.value as 'month' | 'quarter')}>
                  <option value="month">Month</option>
                  <option value="quarter">Quarter</option>
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${id}-window.timeZone`}>Time zone</label>
                <input className="input" list={`${id}-zones`} value={draft.timeZone} onChange={(e) => set('timeZone', e.target.value)} autoComplete="off" {...field('window.timeZone')} />
                <datalist id={`${id}-zones`}>
                  {zones.map((zone) => (
                    <option key={zone} value={zone} />
                  ))}
                </datalist>
                <span className="field-hint" id={`${id}-window.timeZone-hint`}>
                  Where months start at midnight, e.g. Europe/Berlin.
                </span>
              </div>
            </>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-labels`}>Labels</label>
          <textarea className="input mono" rows={2} value={draft.labels} onChange={(e) => set('labels', e.target.value)} spellCheck={false} {...field('labels')} />
          <span className="field-hint" id={`${id}-labels-hint`}>
            One <code>name=value</code> per line (team, tier…); exported rules carry them.
          </span>
        </div>
      </fieldset>

      {error !== null && (
        <div className="form-error" role="alert" data-testid="slo-form-error">
          {error}
          {serverErrors.length > 0 && (
            <ul>
              {serverErrors.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={busy !== null}>
          {busy === 'save' ? 'Checking and saving…' : initial ? 'Save changes' : 'Create SLO'}
        </button>
        <Link className="btn btn-ghost" href={initial ? `/slo/${encodeURIComponent(initial.id)}` : '/slo'}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
