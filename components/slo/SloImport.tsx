'use client';
// Import Sloth (prometheus/v1) specs and OpenSLO v1 SLO documents: paste or upload YAML, preview what would be
// imported (with what is not kept, and Prometheus' verdict on the queries), then import. A document Weft
// cannot use is refused whole, naming the field.
import { useId, useState, type ChangeEvent } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useQueryClient } from '@tanstack/react-query';
import { Notice } from '@/components/shell/Notice';
import type { SloImportResponse } from '@/lib/slo/api-types';
import { MAX_IMPORT_BYTES } from '@/lib/slo/limits';
import { describeWindow, formatObjective } from '@/lib/slo/model';
import { sendJson, SaveError } from './api';
import styles from './slo.module.css';

const EXAMPLE = `version: prometheus/v1
service: gateway
labels:
  team: storefront
slos:
  - name: checkout-availability
    objective: 99.9
    description: Checkouts that do not fail with a 5xx.
    sli:
      events:
        error_query: sum(rate(http_server_requests_total{service="gateway",http_route="/api/checkout",http_response_status_code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_server_requests_total{service="gateway",http_route="/api/checkout"}[{{.window}}]))
`;

export function SloImport() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const id = useId();
  const [yaml, setYaml] = useState('');
  const [preview, setPreview] = useState<SloImportResponse | null>(null);
  const [error, setError] = useState<{ message: string; errors: string[] } | null>(null);
  const [busy, setBusy] = useState<'preview' | 'import' | null>(null);

  function change(text: string) {
    setYaml(text);
    setPreview(null);
    setError(null);
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      setError({ message: `${file.name} is larger than ${MAX_IMPORT_BYTES / 1024} KiB`, errors: [] });
      return;
    }
    change(await file.text());
  }

  async function run(dryRun: boolean) {
    setBusy(dryRun ? 'preview' : 'import');
    setError(null);
    try {
      const result = await sendJson<SloImportResponse>('/api/slo/import', 'POST', { yaml, dryRun });
      if (dryRun) {
        setPreview(result);
      } else {
        await queryClient.invalidateQueries({ queryKey: ['slo-list'] });
        const only = result.slos.length === 1 ? result.slos[0].id : null;
        router.push(only ? `/slo/${encodeURIComponent(only)}` : '/slo');
        router.refresh();
        return;
      }
    } catch (failure) {
      setPreview(null);
      setError(failure instanceof SaveError ? { message: failure.message, errors: failure.errors } : { message: 'The import failed', errors: [] });
    }
    setBusy(null);
  }

  return (
    <div className={styles.form} data-testid="slo-import">
      <div className="field">
        <label htmlFor={`${id}-yaml`}>Sloth spec or OpenSLO documents (YAML)</label>
        <textarea
          id={`${id}-yaml`}
          className={`input mono ${styles.yaml}`}
          rows={16}
          value={yaml}
          onChange={(e) => change(e.target.value)}
          placeholder={EXAMPLE}
          spellCheck={false}
          aria-describedby={`${id}-hint`}
        />
        <span className="field-hint" id={`${id}-hint`}>
          Sloth <code>version: prometheus/v1</code> (or <code>sloth.slok.dev/v1</code> PrometheusServiceLevel) and OpenSLO <code>apiVersion: openslo/v1</code>{' '}
          <code>kind: SLO</code> with a ratio SLI on Prometheus; several documents separated by <code>---</code>. An SLO with the same service and name is
          replaced.
        </span>
      </div>
      <div className="row">
        <label className="btn">
          Upload a file…
          <input type="file" accept=".yaml,.yml,text/yaml,application/yaml" className="visually-hidden" onChange={(e) => void onFile(e)} />
        </label>
        <button type="button" className="btn" onClick={() => void run(true)} disabled={busy !== null || yaml.trim() === ''}>
          {busy === 'preview' ? 'Checking…' : 'Preview'}
        </button>
        <button type="button" className="btn btn-primary" onClick={() => void run(false)} disabled={busy !== null || yaml.trim() === ''}>
          {busy === 'import' ? 'Importing…' : 'Import'}
        </button>
        <Link className="btn btn-ghost" href="/slo">
          Cancel
        </Link>
      </div>
      {error && (
        <div className="form-error" role="alert" data-testid="slo-import-error">
          {error.message}
          {error.errors.length > 0 && (
            <ul>
              {error.errors.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {preview && (
        <section aria-labelledby={`${id}-preview`} className="stack" data-testid="slo-import-preview">
          <h2 id={`${id}-preview`}>
            {preview.slos.length} SLO{preview.slos.length === 1 ? '' : 's'} to import
          </h2>
          {preview.notes.map((note) => (
            <Notice key={note}>{note}</Notice>
          ))}
          <ul className={styles.previewList}>
            {preview.slos.map((slo) => (
              <li key={`${slo.service}/${slo.name}`} className="card">
                <strong>{slo.name}</strong> <span className="muted">{slo.service}</span> <span className="badge">{slo.source}</span>
                {slo.replaces && <span className="badge badge-warning">replaces the existing one</span>}
                <div>
                  {formatObjective(slo.objective)} over {describeWindow(slo.window)}
                </div>
                {[...slo.warnings, ...slo.notes].map((note) => (
                  <div key={note} className={styles.sloMeta}>
                    {note}
                  </div>
                ))}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
