import type { ReactNode } from 'react';

export interface ErrorStateProps {
  /** What failed, e.g. "Could not load traces". */
  title?: string;
  /**
   * A message safe to show users (DatasourceError.message, a validation message). Never pass a stack trace or a
   * raw upstream body: this component shows the text as is.
   */
  message?: ReactNode;
  /** Which backend failed, shown as a label, e.g. "Tempo". */
  source?: string;
  /** Server-side log reference (Next's error digest) so operators can find the full error. */
  reference?: string;
  /** Offer "Try again" (client components only: functions do not cross the server/client boundary). */
  onRetry?: () => void;
  retryLabel?: string;
  /** Extra actions, e.g. a link to the datasource settings. */
  action?: ReactNode;
  headingLevel?: 1 | 2 | 3;
  compact?: boolean;
}

/** A failed request or invalid input: says what failed and what to do, never how the code failed. */
export function ErrorState({
  title = 'Something went wrong',
  message,
  source,
  reference,
  onRetry,
  retryLabel = 'Try again',
  action,
  headingLevel = 2,
  compact = false,
}: ErrorStateProps) {
  const Heading = (['h1', 'h2', 'h3'] as const)[headingLevel - 1];
  return (
    <section className={compact ? 'state state-error state-compact' : 'state state-error'} role="alert" data-state="error">
      <Heading>
        {source !== undefined && <span className="badge badge-danger">{source}</span>}
        {source !== undefined && ' '}
        {title}
      </Heading>
      {message !== undefined && <p>{message}</p>}
      {reference !== undefined && <p className="state-meta muted">Reference: <code>{reference}</code></p>}
      {(onRetry !== undefined || action !== undefined) && (
        <div className="state-actions">
          {onRetry !== undefined && (
            <button type="button" className="btn" onClick={onRetry}>
              {retryLabel}
            </button>
          )}
          {action}
        </div>
      )}
    </section>
  );
}
