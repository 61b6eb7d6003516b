// Our profile model: a call tree, the shape d3-flame-graph draws.

export interface FlameNode {
  name: string;
  /** Samples (or bytes, ns...) in this frame and below. */
  total: number;
  /** Samples in this frame itself. */
  self: number;
  children: FlameNode[];
  /** For diffs: the baseline's total for the same stack. */
  baselineTotal?: number;
}

export interface ProfileType {
  /** Pyroscope profile type id, e.g. process_cpu:cpu:nanoseconds:cpu:nanoseconds */
  id: string;
  name: string;
  sampleType: string;
  sampleUnit: string;
  periodType: string;
  periodUnit: string;
}

export interface FlameGraph {
  root: FlameNode;
  /** Unit of the values: nanoseconds, bytes, count... */
  unit: string;
  /** Number of nodes in the tree, for cost reporting. */
  nodeCount: number;
}
