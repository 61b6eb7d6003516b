// Service colours for the trace views, indexed by ServiceSummary.colorIndex (lib/trace-view).
// Mid-tone hues readable on light and dark backgrounds; red is left out because red means error.
import { SERVICE_COLOR_COUNT } from '@/lib/trace-view/build-trace-tree';

const PALETTE = [
  '#3b82f6',
  '#f59e0b',
  '#10b981',
  '#8b5cf6',
  '#06b6d4',
  '#ec4899',
  '#84cc16',
  '#f97316',
  '#6366f1',
  '#14b8a6',
  '#a855f7',
  '#ca8a04',
] as const;

/** CSS colour of a service colour index (a theme may override --weft-service-N). */
export function serviceColor(colorIndex: number): string {
  const i = ((colorIndex % SERVICE_COLOR_COUNT) + SERVICE_COLOR_COUNT) % SERVICE_COLOR_COUNT;
  return `var(--weft-service-${i}, ${PALETTE[i % PALETTE.length]})`;
}
