// What the Sloth and OpenSLO importers share: the result shape, errors that name the field at fault, and
// small readers for untyped YAML values. Pure.
import { validateSloDefinition, type SloDefinition } from './model';

export interface ImportedSlo {
  definition: SloDefinition;
  source: 'sloth' | 'openslo';
  /** What was read but not kept, or assumed ("alerting is not kept: ..."). */
  notes: string[];
}

export type ImportResult = { ok: true; slos: ImportedSlo[]; notes: string[] } | { ok: false; error: string };

/** An import failure at a field: its message reads "<path>: <what is wrong>". */
export class ImportError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(path ? `${path}: ${detail}` : detail);
    this.name = 'ImportError';
  }
}

export type YamlMap = Record<string, unknown>;

export function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

export function readMap(value: unknown, path: string, required = true): YamlMap | undefined {
  if (value === undefined || value === null) {
    if (required) throw new ImportError(path, 'is required');
    return undefined;
  }
  if (!isMap(value)) throw new ImportError(path, 'must be a mapping (key: value lines)');
  return value;
}

export function readString(value: unknown, path: string, required = true): string | undefined {
  if (value === undefined || value === null || value === '') {
    if (required) throw new ImportError(path, 'is required');
    return undefined;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') throw new ImportError(path, 'must be text');
  return value;
}

export function readNumber(value: unknown, path: string): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) throw new ImportError(path, 'must be a number');
  return number;
}

/** A map of label values; numbers and booleans become text, lists (OpenSLO v1) are joined with ",". */
export function readLabels(value: unknown, path: string): Record<string, string> {
  const map = readMap(value, path, false);
  const labels: Record<string, string> = {};
  for (const [key, raw] of Object.entries(map ?? {})) {
    if (Array.isArray(raw)) labels[key] = raw.map((item, index) => readString(item, join(join(path, key), index))).join(',');
    else labels[key] = readString(raw, join(path, key), false) ?? '';
  }
  return labels;
}

/** Keys of `map` not in `known`, for "ignored" notes. */
export function unknownKeys(map: YamlMap, known: readonly string[]): string[] {
  return Object.keys(map).filter((key) => !known.includes(key));
}

/** Runs the model's validation; its message is prefixed with the path of the imported SLO. */
export function validated(definition: unknown, path: string): SloDefinition {
  const result = validateSloDefinition(definition);
  if (!result.ok) throw new ImportError(path, result.error);
  return result.value;
}
