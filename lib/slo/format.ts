// How the SLO views write their numbers. Attainment needs more digits the closer it is to 100 % (99.912 %
// against a 99.9 % objective); burn rates are multiples ("14.4×"). Pure, for components and tests.

const MINUS = '\u2212';

function grouped(value: number, digits: number): string {
  const text = Math.abs(value).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return value < 0 ? `${MINUS}${text}` : text;
}

/** 0.99912 -> "99.912 %", 0.95 -> "95.00 %", 0.4 -> "40.0 %"; null -> "–". */
export function formatAttainment(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return '–';
  const digits = ratio >= 0.99 ? 3 : ratio >= 0.9 ? 2 : 1;
  return `${grouped(ratio * 100, digits)} %`;
}

/** Budget remaining or consumed as a share: 0.624 -> "62.4 %", -21.5 -> "−2,150 %". */
export function formatBudgetShare(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return '–';
  const percent = share * 100;
  const digits = Math.abs(percent) >= 100 ? 0 : 1;
  return `${grouped(percent, digits)} %`;
}

/** 14.4 -> "14.4×", 0.523 -> "0.52×", 1234 -> "1,234×". */
export function formatBurnRate(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return '–';
  const abs = Math.abs(rate);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return `${grouped(rate, digits)}×`;
}

/** 1234 -> "1.2k", 5_200_000 -> "5.2M", 12 -> "12". */
export function formatEvents(count: number | null): string {
  if (count === null || !Number.isFinite(count)) return '–';
  const abs = Math.abs(count);
  if (abs >= 1e9) return `${(count / 1e9).toFixed(1)}G`;
  if (abs >= 1e6) return `${(count / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${(count / 1e3).toFixed(1)}k`;
  return grouped(Math.round(count), 0);
}
