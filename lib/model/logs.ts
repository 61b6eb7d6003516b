// Our log model: one line with its labels and exact timestamp.

export interface LogLine {
  /** Exact nanoseconds since the epoch, decimal string. */
  timestampNs: string;
  /** Epoch milliseconds, for display and placement on a time axis. */
  timeMs: number;
  line: string;
  /** Stream labels (and labels extracted by parsers such as | json). */
  labels: Record<string, string>;
  /** Loki 3 structured metadata, when the backend returns it separately. */
  structuredMetadata?: Record<string, string>;
}

export interface LogQueryResult {
  lines: LogLine[];
  /** True when the backend's line limit was reached: more lines exist than shown. */
  truncated: boolean;
  limit: number;
}
