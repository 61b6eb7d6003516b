// The five-axis maturity radar, each axis 0-100. Axes are measured from the month's data where the data can
// say something; otherwise the team's own entry (MaturityInput) is used, and the page says which is which.
// Pure.
import { collectionScore } from './coverage';
import { MATURITY_AXES, type ActionItemView, type AlertQualitySection, type CoverageSection, type MaturityAxis, type MaturityScore, type SloSection } from './types';

export const MATURITY_LABELS: Record<MaturityAxis, string> = {
  'collection-coverage': 'Collection coverage',
  'alert-effectiveness': 'Alert effectiveness',
  'slo-completeness': 'SLO completeness',
  'follow-up-closure': 'Incident follow-up closure',
  'self-service': 'Self-service use',
};

/** What each axis means, for the form where a team enters a value. */
export const MATURITY_HINTS: Record<MaturityAxis, string> = {
  'collection-coverage': 'Services send traces and profiles, logs carry trace ids, traces have logs.',
  'alert-effectiveness': 'Alerts fire for real SLO burns, and every burn gets an alert.',
  'slo-completeness': 'Every service has an SLO.',
  'follow-up-closure': 'Action items due this month are done.',
  'self-service': 'Teams answer their own questions in the console (queries, links shared, runbooks used) without asking the platform team.',
};

export function isMaturityAxis(value: string): value is MaturityAxis {
  return (MATURITY_AXES as readonly string[]).includes(value);
}

export interface EnteredValue {
  axis: string;
  value: number;
  note: string;
  updatedBy: string | null;
  updatedAtMs: number;
}

export interface MaturityInputs {
  coverage: CoverageSection | null;
  alertQuality: AlertQualitySection | null;
  slos: SloSection | null;
  /** The month's action items (raised in it, or carried over into it). */
  actionItems: readonly ActionItemView[] | null;
  /** Last local day of the month, 'yyyy-mm-dd': items due by then count for closure. */
  lastDay: string;
  entered: readonly EnteredValue[];
}

type Measured = { value: number; detail: string } | { value: null; detail: string };

const percent = (share: number) => `${Math.round(share * 100)} %`;

function collection(coverage: CoverageSection | null): Measured {
  if (!coverage) return { value: null, detail: 'Telemetry coverage could not be read this month.' };
  const score = collectionScore(coverage);
  if (score.value === null) return { value: null, detail: 'No logs, traces or profiles were found to measure.' };
  return { value: score.value * 100, detail: `Mean of ${score.parts.join(', ')} (sampled).` };
}

function alertEffectiveness(quality: AlertQualitySection | null): Measured {
  if (!quality || !quality.complete) return { value: null, detail: 'Needs both the incidents and the SLO burns of the month.' };
  const parts: { name: string; value: number }[] = [];
  if (quality.share !== null) parts.push({ name: 'alert episodes that matched an SLO burn', value: quality.share });
  if (quality.burns.length > 0) parts.push({ name: 'SLO burns that got an alert', value: 1 - quality.missedBurns / quality.burns.length });
  if (parts.length === 0) return { value: null, detail: 'No alerts fired and no SLO burned this month.' };
  return { value: (parts.reduce((sum, part) => sum + part.value, 0) / parts.length) * 100, detail: `Mean of ${parts.map((part) => `${part.name} ${percent(part.value)}`).join(' and ')}.` };
}

function sloCompleteness(coverage: CoverageSection | null, slos: SloSection | null): Measured {
  if (!coverage || coverage.services.length === 0) return { value: null, detail: 'The list of services could not be read.' };
  if (!slos) return { value: null, detail: 'The SLOs could not be read.' };
  const covered = coverage.services.filter((row) => row.hasSlo).length;
  return { value: (covered / coverage.services.length) * 100, detail: `${covered} of ${coverage.services.length} services have an SLO.` };
}

function followUpClosure(items: readonly ActionItemView[] | null, lastDay: string): Measured {
  if (!items) return { value: null, detail: 'The action items could not be read.' };
  const due = items.filter((item) => item.dueDate !== null && item.dueDate <= lastDay && item.status !== 'dropped');
  if (due.length === 0) return { value: null, detail: 'No action items were due this month.' };
  const done = due.filter((item) => item.status === 'done').length;
  return { value: (done / due.length) * 100, detail: `${done} of ${due.length} action items due this month are done.` };
}

export function maturityScores(inputs: MaturityInputs): MaturityScore[] {
  const measured: Record<MaturityAxis, Measured> = {
    'collection-coverage': collection(inputs.coverage),
    'alert-effectiveness': alertEffectiveness(inputs.alertQuality),
    'slo-completeness': sloCompleteness(inputs.coverage, inputs.slos),
    'follow-up-closure': followUpClosure(inputs.actionItems, inputs.lastDay),
    'self-service': { value: null, detail: 'Not measurable from telemetry: entered by the team.' },
  };
  return MATURITY_AXES.map((axis): MaturityScore => {
    const entry = inputs.entered.find((one) => one.axis === axis);
    const entered = entry ? { value: entry.value, note: entry.note, updatedBy: entry.updatedBy, updatedAtMs: entry.updatedAtMs } : null;
    const m = measured[axis];
    if (m.value !== null) return { axis, label: MATURITY_LABELS[axis], value: Math.round(m.value), source: 'measured', detail: m.detail, entered };
    if (entered) return { axis, label: MATURITY_LABELS[axis], value: entered.value, source: 'entered', detail: m.detail, entered };
    return { axis, label: MATURITY_LABELS[axis], value: null, source: 'missing', detail: m.detail, entered: null };
  });
}
