import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { summarizeConnection } from '@/lib/config/describe';
import { DatasourceTable } from './DatasourceTable';

const loki = summarizeConnection({ backend: 'loki', name: 'Logs', url: 'https://logs.example.com', tenant: 'team-a', auth: { type: 'basic', username: 'u', password: 'hunter2' } });
const tempo = summarizeConnection({ backend: 'tempo', name: 'Tempo', url: 'http://tempo:3200' });

function render(rows: Parameters<typeof DatasourceTable>[0]['rows']): string {
  return renderToStaticMarkup(createElement(DatasourceTable, { rows }));
}

describe('DatasourceTable', () => {
  it('shows a row per source while the checks run', () => {
    const html = render([{ summary: loki }, { summary: tempo }]);
    expect(html.match(/data-health="checking"/g)).toHaveLength(2);
    expect(html).toContain('Logs<span class="muted"> (Loki)</span>');
    expect(html).toContain('https://logs.example.com');
    expect(html).toContain('basic (user u)');
    expect(html).not.toContain('hunter2');
  });

  it('shows version and latency when healthy, and the reason when failing', () => {
    const html = render([
      { summary: loki, health: { backend: 'loki', name: 'Logs', url: loki.url, ok: true, version: '2.8.0', latencyMs: 12 } },
      {
        summary: tempo,
        health: {
          backend: 'tempo',
          name: 'Tempo',
          url: tempo.url,
          ok: false,
          latencyMs: 3,
          error: { backend: 'tempo', kind: 'network', message: 'tempo is unreachable (connection refused)' },
        },
      },
    ]);
    expect(html).toMatch(/data-backend="loki" data-health="ok".*2\.8\.0.*badge-ok">ok<.*12 ms/);
    expect(html).toMatch(/data-backend="tempo" data-health="failing".*unknown.*failing.*tempo is unreachable \(connection refused\).*3 ms/);
  });
});
