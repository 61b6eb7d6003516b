'use client';
// The five-axis maturity radar (ECharts core: radar only), with a table saying for each axis whether it was
// measured from the month's data or entered by the team, and a form to enter the axes the data cannot measure.
import { useMemo, useState, type FormEvent } from 'react';
import { use as registerEChartsParts } from 'echarts/core';
import { RadarChart } from 'echarts/charts';
import { RadarComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { useECharts } from '@/components/charts/use-echarts';
import { fitSvgToWidth } from './print-fit';
import { MATURITY_HINTS } from '@/lib/report/maturity';
import { formatZoned } from '@/lib/report/format';
import type { MaturityScore, MaturitySection } from '@/lib/report/types';
import { rememberedName } from './api';
import styles from './report.module.css';
import { FormError } from '@/components/shell/FormError';

registerEChartsParts([RadarChart, RadarComponent, TooltipComponent, SVGRenderer]);

function cssVar(name: string, fallback: string): string {
  if (typeof window === 'undefined') return fallback;
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function Radar({ scores }: { scores: MaturityScore[] }) {
  const option = useMemo(() => {
    const muted = cssVar('--muted', '#6b7280');
    const border = cssVar('--border', '#e5e7eb');
    const accent = cssVar('--accent', '#2563eb');
    return {
      animation: false,
      tooltip: { confine: true },
      radar: {
        radius: '62%',
        indicator: scores.map((score) => ({ name: `${score.label}${score.value === null ? ' (n/a)' : score.source === 'entered' ? ' (entered)' : ''}`, max: 100, min: 0 })),
        axisName: { color: muted, fontSize: 11 },
        splitLine: { lineStyle: { color: border } },
        splitArea: { show: false },
        axisLine: { lineStyle: { color: border } },
      },
      series: [
        {
          type: 'radar' as const,
          name: 'Maturity',
          // An axis without a value sits at 0 and is named "(n/a)": a gap, not a score.
          data: [{ value: scores.map((score) => score.value ?? 0), name: 'This month' }],
          areaStyle: { opacity: 0.2, color: accent },
          lineStyle: { color: accent },
          itemStyle: { color: accent },
          symbolSize: 5,
        },
      ],
    };
  }, [scores]);
  // SVG: a vector that print scales to the paper's width (a canvas would be cut or blurred).
  const containerRef = useECharts(option, { renderer: 'svg', onRendered: (_chart, element) => fitSvgToWidth(element) });
  const summary = scores.map((score) => `${score.label} ${score.value === null ? 'not available' : Math.round(score.value)}`).join(', ');
  return <div ref={containerRef} className={styles.chart} style={{ width: '100%', height: 300 }} role="img" aria-label={`Maturity radar: ${summary}`} data-testid="maturity-radar" />;
}

function EntryForm({ score, onSave }: { score: MaturityScore; onSave: (entry: { axis: string; value: number; note: string; updatedBy: string }) => Promise<void> }) {
  const [value, setValue] = useState(score.entered ? String(score.entered.value) : '');
  const [note, setNote] = useState(score.entered?.note ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 100) {
      setError('A score from 0 to 100');
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const name = rememberedName();
      await onSave({ axis: score.axis, value: number, note, updatedBy: name });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Saving failed');
    } finally {
      setSaving(false);
    }
  };
  return (
    <form className={styles.entryForm} onSubmit={submit} aria-label={`Enter ${score.label}`}>
      <input className={`input ${styles.numberInput}`} type="number" min={0} max={100} step={1} value={value} onChange={(e) => setValue(e.target.value)} aria-label={`${score.label} score (0-100)`} placeholder="0-100" />
      <input className="input" value={note} onChange={(e) => setNote(e.target.value)} aria-label={`${score.label} note`} placeholder="How you judged it" maxLength={1000} />
      <button type="submit" className="btn" disabled={saving}>
        {saving ? 'Saving…' : score.entered ? 'Update' : 'Enter'}
      </button>
      <FormError message={error} />
    </form>
  );
}

export function MaturityRadar({
  data,
  timeZone,
  editable,
  onSave,
}: {
  data: MaturitySection;
  timeZone: string;
  editable: boolean;
  onSave: (entry: { axis: string; value: number; note: string; updatedBy: string }) => Promise<void>;
}) {
  const scores = useMemo(() => data.scores, [data.scores]);
  return (
    <div className={styles.radarLayout}>
      <Radar scores={scores} />
      <table className={`table ${styles.nowrapBadges}`} data-testid="maturity-table">
        <thead>
          <tr>
            <th>Axis</th>
            <th className={styles.num}>Score</th>
            <th>Source</th>
          </tr>
        </thead>
        <tbody>
          {scores.map((score) => (
            <tr key={score.axis}>
              <td>
                <strong>{score.label}</strong>
                <div className={styles.small}>{score.source === 'entered' && score.entered?.note ? score.entered.note : score.detail}</div>
                {editable && score.source !== 'measured' && <EntryForm score={score} onSave={onSave} />}
              </td>
              <td className={styles.num}>{score.value === null ? '–' : `${Math.round(score.value)}`}</td>
              <td>
                {score.source === 'measured' ? (
                  <span className="badge badge-ok" title={MATURITY_HINTS[score.axis]}>
                    measured
                  </span>
                ) : score.source === 'entered' ? (
                  <span className="badge badge-warning" title={score.entered ? `Entered ${formatZoned(score.entered.updatedAtMs, timeZone)}${score.entered.updatedBy ? ` by ${score.entered.updatedBy}` : ''}` : undefined}>
                    entered by the team{score.entered?.updatedBy ? ` (${score.entered.updatedBy})` : ''}
                  </span>
                ) : (
                  <span className="badge">not available</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
