import type { ReactNode } from 'react';

export type NoticeKind = 'info' | 'partial' | 'truncated' | 'warning' | 'error';

const DEFAULT_TITLES: Record<NoticeKind, string> = {
  info: 'Note',
  partial: 'Partial result',
  truncated: 'Truncated',
  warning: 'Warning',
  error: 'Error',
};

/**
 * An inline banner above data that is shown anyway: a partial result (one source failed) or a truncated one
 * (a limit was hit). Empty and failed states have their own components.
 */
export function Notice({ kind = 'info', title, children }: { kind?: NoticeKind; title?: string; children: ReactNode }) {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'} data-notice={kind}>
      <strong>{title ?? DEFAULT_TITLES[kind]}:</strong>
      <span>{children}</span>
    </div>
  );
}
