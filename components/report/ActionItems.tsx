'use client';
// Action items of the month: raised here, or carried over while open. Create, edit, close and delete them on the
// page; every write names the version it read, so two people editing the same item cannot overwrite each
// other silently (the second is told, and sees the first one's change).
import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorState } from '@/components/shell/ErrorState';
import { Loading } from '@/components/shell/Loading';
import { Notice } from '@/components/shell/Notice';
import { formatZoned } from '@/lib/report/format';
import type { ActionItemStatus, ActionItemView, AlertEpisode, SloRef } from '@/lib/report/types';
import { ConflictError, createActionItem, deleteActionItem, fetchActionItems, updateActionItem, type ActionItemDraft } from './api';
import styles from './report.module.css';
import { FormError } from '@/components/shell/FormError';

const STATUS_LABELS: Record<ActionItemStatus, string> = { open: 'Open', in_progress: 'In progress', done: 'Done', dropped: 'Dropped' };
const STATUSES = Object.keys(STATUS_LABELS) as ActionItemStatus[];

const EMPTY: ActionItemDraft = { title: '', owner: '', dueDate: null, status: 'open', ticketUrl: null, notes: '', sloId: null, incidentRef: null };

function draftOf(item: ActionItemView): ActionItemDraft {
  return { title: item.title, owner: item.owner, dueDate: item.dueDate, status: item.status, ticketUrl: item.ticketUrl, notes: item.notes, sloId: item.sloId, incidentRef: item.incidentRef };
}

function isClosed(status: ActionItemStatus): boolean {
  return status === 'done' || status === 'dropped';
}

interface LinkChoices {
  slos: SloRef[];
  episodes: AlertEpisode[];
  timeZone: string;
}

function ItemForm({ initial, choices, submitLabel, onSubmit, onCancel }: { initial: ActionItemDraft; choices: LinkChoices; submitLabel: string; onSubmit: (draft: ActionItemDraft) => Promise<void>; onCancel: () => void }) {
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof ActionItemDraft>(key: K, value: ActionItemDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      await onSubmit(draft);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Saving failed');
    } finally {
      setSaving(false);
    }
  };
  // The incident list: the most recent episodes first, and the one already linked even when older.
  const episodes = [...choices.episodes].sort((a, b) => b.startMs - a.startMs).slice(0, 60);
  const linkedMissing = draft.incidentRef !== null && !episodes.some((episode) => episode.ref === draft.incidentRef);
  return (
    <form className={styles.itemForm} onSubmit={submit} aria-label={submitLabel}>
      <label className={styles.wide}>
        What
        <input className="input" required maxLength={300} value={draft.title} onChange={(e) => set('title', e.target.value)} name="title" placeholder="e.g. Alert on the order DB pool before checkouts fail" />
      </label>
      <label>
        Owner
        <input className="input" required maxLength={120} value={draft.owner} onChange={(e) => set('owner', e.target.value)} name="owner" placeholder="person or team" />
      </label>
      <label>
        Due date
        <input className="input" type="date" value={draft.dueDate ?? ''} onChange={(e) => set('dueDate', e.target.value === '' ? null : e.target.value)} name="dueDate" />
      </label>
      <label>
        Status
        <select className="input" value={draft.status} onChange={(e) => set('status', e.target.value as ActionItemStatus)} name="status">
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Ticket link
        <input className="input" type="url" maxLength={2000} value={draft.ticketUrl ?? ''} onChange={(e) => set('ticketUrl', e.target.value === '' ? null : e.target.value)} name="ticketUrl" placeholder="https://…" />
      </label>
      <label>
        Linked SLO
        <select className="input" value={draft.sloId ?? ''} onChange={(e) => set('sloId', e.target.value === '' ? null : e.target.value)} name="sloId">
          <option value="">none</option>
          {choices.slos.map((slo) => (
            <option key={slo.id} value={slo.id}>
              {slo.service} · {slo.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Linked incident
        <select className="input" value={draft.incidentRef ?? ''} onChange={(e) => set('incidentRef', e.target.value === '' ? null : e.target.value)} name="incidentRef">
          <option value="">none</option>
          {linkedMissing && <option value={draft.incidentRef ?? ''}>{draft.incidentRef}</option>}
          {episodes.map((episode) => (
            <option key={episode.ref} value={episode.ref}>
              {episode.name} · {formatZoned(episode.startMs, choices.timeZone)}
            </option>
          ))}
        </select>
      </label>
      <label className={styles.wide}>
        Notes
        <textarea className="input" rows={2} maxLength={4000} value={draft.notes} onChange={(e) => set('notes', e.target.value)} name="notes" />
      </label>
      <div className={styles.formActions}>
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {saving ? 'Saving…' : submitLabel}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          Cancel
        </button>
        <FormError message={error} />
      </div>
    </form>
  );
}

function linkedLabel(item: ActionItemView, choices: LinkChoices): string | null {
  const parts: string[] = [];
  if (item.sloId) {
    const slo = choices.slos.find((one) => one.id === item.sloId);
    parts.push(slo ? `SLO ${slo.service} · ${slo.name}` : `SLO ${item.sloId}`);
  }
  if (item.incidentRef) {
    const episode = choices.episodes.find((one) => one.ref === item.incidentRef);
    parts.push(episode ? `${episode.name} · ${formatZoned(episode.startMs, choices.timeZone)}` : item.incidentRef);
  }
  return parts.length > 0 ? parts.join('; ') : null;
}

export function ActionItems({ month, tz, choices }: { month: string; tz: string | null; choices: LinkChoices }) {
  const queryClient = useQueryClient();
  const queryKey = ['report-items', month, tz];
  const items = useQuery({ queryKey, queryFn: ({ signal }) => fetchActionItems(month, tz, signal) });
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ kind: 'warning' | 'error'; text: string } | null>(null);

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey });
    // Follow-up closure on the radar counts these items.
    await queryClient.invalidateQueries({ queryKey: ['report-section', month, tz, 'maturity'] });
  };

  const write = async (work: () => Promise<unknown>) => {
    setNotice(null);
    try {
      await work();
    } catch (failure) {
      if (failure instanceof ConflictError) {
        setNotice({ kind: 'warning', text: `${failure.message}. The list now shows their version.` });
        setEditing(null);
      } else {
        throw failure;
      }
    } finally {
      await refresh();
    }
  };

  const quickWrite = (work: () => Promise<unknown>) => {
    write(work).catch((failure: unknown) => setNotice({ kind: 'error', text: failure instanceof Error ? failure.message : 'Saving failed' }));
  };

  if (items.isPending) return <Loading label="Loading action items…" />;
  if (items.isError) return <ErrorState compact title="Could not load the action items" message={items.error.message} onRetry={() => void items.refetch()} />;
  const list = items.data.items;

  return (
    <>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      {list.length === 0 ? (
        <p className="muted">No action items yet for this month{adding ? '' : ': add the first one below'}.</p>
      ) : (
        <div className={styles.tableWrap}>
          <table className="table" data-testid="action-items">
            <thead>
              <tr>
                <th>Status</th>
                <th>Item</th>
                <th>Owner</th>
                <th>Due</th>
                <th>Ticket</th>
                <th>Linked to</th>
                <th>Raised</th>
                <th className={styles.noPrint}>
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((item) =>
                editing === item.id ? (
                  <tr key={item.id}>
                    <td colSpan={8}>
                      <ItemForm
                        initial={draftOf(item)}
                        choices={choices}
                        submitLabel="Save changes"
                        onCancel={() => setEditing(null)}
                        onSubmit={(draft) =>
                          write(async () => {
                            await updateActionItem(item.id, item.version, draft);
                            setEditing(null);
                          })
                        }
                      />
                    </td>
                  </tr>
                ) : (
                  <tr key={item.id} className={isClosed(item.status) ? styles.rowClosed : undefined} data-testid="action-item">
                    <td>
                      <select
                        className={`input ${styles.inlineSelect} ${styles.noPrint}`}
                        value={item.status}
                        aria-label={`Status of ${item.title}`}
                        onChange={(e) => quickWrite(() => updateActionItem(item.id, item.version, { status: e.target.value as ActionItemStatus }))}
                      >
                        {STATUSES.map((status) => (
                          <option key={status} value={status}>
                            {STATUS_LABELS[status]}
                          </option>
                        ))}
                      </select>
                      <span className={styles.printOnly}>{STATUS_LABELS[item.status]}</span>
                    </td>
                    <td>
                      <span className={styles.itemTitle}>{item.title}</span>
                      {item.notes && <div className={styles.small}>{item.notes}</div>}
                    </td>
                    <td>{item.owner}</td>
                    <td className={styles.nowrap}>{item.dueDate ?? '–'}</td>
                    <td>
                      {item.ticketUrl ? (
                        <a href={item.ticketUrl} target="_blank" rel="noopener noreferrer">
                          ticket
                        </a>
                      ) : (
                        '–'
                      )}
                    </td>
                    <td className={styles.small}>{linkedLabel(item, choices) ?? '–'}</td>
                    <td className={styles.nowrap}>{item.carriedOver ? <span className="badge badge-warning" title={`Raised in ${item.reportMonth}, still open when this month began`}>carried over from {item.reportMonth}</span> : item.reportMonth}</td>
                    <td className={`${styles.nowrap} ${styles.noPrint}`}>
                      <button type="button" className="btn btn-ghost" onClick={() => setEditing(item.id)} aria-label={`Edit ${item.title}`}>
                        Edit
                      </button>
                      {!isClosed(item.status) && (
                        <button type="button" className="btn btn-ghost" onClick={() => quickWrite(() => updateActionItem(item.id, item.version, { status: 'done' }))} aria-label={`Close ${item.title}`}>
                          Close
                        </button>
                      )}
                      <button
                        type="button"
                        className="btn btn-ghost"
                        aria-label={`Delete ${item.title}`}
                        onClick={() => {
                          if (window.confirm(`Delete "${item.title}"? Closing it keeps it in the record; deleting does not.`)) quickWrite(() => deleteActionItem(item.id, item.version));
                        }}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
      {adding ? (
        <ItemForm
          initial={EMPTY}
          choices={choices}
          submitLabel="Add action item"
          onCancel={() => setAdding(false)}
          onSubmit={(draft) =>
            write(async () => {
              await createActionItem({ ...draft, reportMonth: month });
              setAdding(false);
            })
          }
        />
      ) : (
        <p className={styles.noPrint}>
          <button type="button" className="btn" onClick={() => setAdding(true)}>
            Add action item
          </button>
        </p>
      )}
      <p className={styles.method}>Open items carry over to the next month’s report until they are done or dropped. Action items are live: they are not part of a frozen snapshot’s numbers.</p>
    </>
  );
}
