/** A spinner with a visible label, announced politely to screen readers. */
export function Loading({ label = 'Loading…', block = true }: { label?: string; block?: boolean }) {
  const inner = (
    <span className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </span>
  );
  return block ? <div className="loading-block">{inner}</div> : inner;
}
