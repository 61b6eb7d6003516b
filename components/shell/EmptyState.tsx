import type { ReactNode } from 'react';

export interface EmptyStateProps {
  /** What is empty, e.g. "No traces in this time range". */
  title: string;
  /** Why it may be empty, or what to try. */
  description?: ReactNode;
  /** Buttons or links, e.g. "Widen the time range". */
  action?: ReactNode;
  /** Heading level to fit the page outline (default 2). */
  headingLevel?: 1 | 2 | 3;
  compact?: boolean;
}

/** The query worked and returned nothing: distinct from an error, a partial or a truncated result. */
export function EmptyState({ title, description, action, headingLevel = 2, compact = false }: EmptyStateProps) {
  const Heading = (['h1', 'h2', 'h3'] as const)[headingLevel - 1];
  return (
    <section className={compact ? 'state state-compact' : 'state'} data-state="empty">
      <Heading>{title}</Heading>
      {description !== undefined && <p>{description}</p>}
      {action !== undefined && <div className="state-actions">{action}</div>}
    </section>
  );
}
