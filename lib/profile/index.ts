// Pure flame-graph transforms on the profile model (lib/model/profile.ts).
export { parseFolded, toFolded } from './folded';
export type { StackSample } from './folded';
export { flameTreeFromStacks, countNodes, maxDepth } from './flame-tree';
export { pruneFlameTree, mergedFrameName } from './prune';
export type { PruneOptions } from './prune';
export { diffFlameTrees, diffScale, normalisedDelta } from './diff';
export { toD3FlameData } from './d3-data';
export type { D3FlameDatum } from './d3-data';
export { topFunctions } from './top-functions';
export type { FunctionRow } from './top-functions';
export { formatProfileValue, formatPercent } from './format-value';
export { searchFlameTree, frameMatches } from './search';
export type { FlameSearchResult } from './search';
