// The shape of a JSON value: keys and value types, recursively; an array's shape is the union of its elements'.
// Used to check that the demo answers in the same wire format as the real backends recorded in the fixtures.

export type Primitive = 'null' | 'string' | 'number' | 'boolean';

export interface Shape {
  primitives: Set<Primitive>;
  /** Present when some value was an object: every key seen, with the union of its values' shapes. */
  object?: Map<string, Shape>;
  /** Present when some value was a map (an object at a `mapPaths` path): the union of its values. */
  map?: Shape;
  /** Present when some value was an array: the union of its elements (empty shape for only-empty arrays). */
  array?: Shape;
}

export interface ShapeOptions {
  /**
   * Paths whose objects are maps with data-dependent keys (label sets, per-metric records): their keys are not
   * part of the shape, only the union of their values. Path syntax: `data.result[].metric`, `[]` for array elements.
   */
  mapPaths?: string[];
}

const empty = (): Shape => ({ primitives: new Set() });

function merge(into: Shape, from: Shape): Shape {
  for (const p of from.primitives) into.primitives.add(p);
  if (from.object) {
    into.object ??= new Map();
    for (const [key, shape] of from.object) into.object.set(key, merge(into.object.get(key) ?? empty(), shape));
  }
  if (from.map) into.map = merge(into.map ?? empty(), from.map);
  if (from.array) into.array = merge(into.array ?? empty(), from.array);
  return into;
}

function shapeAt(value: unknown, path: string, mapPaths: Set<string>): Shape {
  const shape = empty();
  if (value === null) shape.primitives.add('null');
  else if (typeof value === 'string') shape.primitives.add('string');
  else if (typeof value === 'number') shape.primitives.add('number');
  else if (typeof value === 'boolean') shape.primitives.add('boolean');
  else if (Array.isArray(value)) {
    shape.array = empty();
    for (const element of value) merge(shape.array, shapeAt(element, `${path}[]`, mapPaths));
  } else if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (mapPaths.has(path)) {
      shape.map = empty();
      for (const [, v] of entries) merge(shape.map, shapeAt(v, `${path}.*`, mapPaths));
    } else {
      shape.object = new Map();
      for (const [k, v] of entries) shape.object.set(k, shapeAt(v, path === '' ? k : `${path}.${k}`, mapPaths));
    }
  }
  return shape;
}

export function shapeOf(value: unknown, options: ShapeOptions = {}): Shape {
  return shapeAt(value, '', new Set(options.mapPaths ?? []));
}

/**
 * Where `actual` lacks something `expected` has: every primitive type, object key, map and array of the expected
 * shape must be in the actual one (recursively). Returns human-readable differences, empty when it contains it.
 * Paths listed in `ignore` (same syntax as mapPaths) are skipped: deliberate, documented differences.
 */
export function missingFromShape(expected: Shape, actual: Shape, ignore: string[] = [], path = ''): string[] {
  if (ignore.includes(path)) return [];
  const out: string[] = [];
  const where = path === '' ? '(root)' : path;
  for (const p of expected.primitives) if (!actual.primitives.has(p)) out.push(`${where}: ${p} expected, got ${describe(actual)}`);
  if (expected.object) {
    if (!actual.object) out.push(`${where}: object expected, got ${describe(actual)}`);
    else {
      for (const [key, shape] of expected.object) {
        const child = path === '' ? key : `${path}.${key}`;
        if (ignore.includes(child)) continue;
        const actualChild = actual.object.get(key);
        if (!actualChild) out.push(`${child}: missing`);
        else out.push(...missingFromShape(shape, actualChild, ignore, child));
      }
    }
  }
  if (expected.map) {
    if (!actual.map) out.push(`${where}: map expected, got ${describe(actual)}`);
    else if (hasContent(expected.map) && hasContent(actual.map)) out.push(...missingFromShape(expected.map, actual.map, ignore, `${path}.*`));
  }
  if (expected.array) {
    if (!actual.array) out.push(`${where}: array expected, got ${describe(actual)}`);
    else if (hasContent(expected.array)) {
      if (!hasContent(actual.array)) out.push(`${path}[]: the demo's array is empty, the real one is not`);
      else out.push(...missingFromShape(expected.array, actual.array, ignore, `${path}[]`));
    }
  }
  return out;
}

function hasContent(shape: Shape): boolean {
  return shape.primitives.size > 0 || shape.object !== undefined || shape.map !== undefined || shape.array !== undefined;
}

function describe(shape: Shape): string {
  const parts: string[] = [...shape.primitives];
  if (shape.object) parts.push('object');
  if (shape.map) parts.push('map');
  if (shape.array) parts.push('array');
  return parts.length > 0 ? parts.join('|') : 'nothing';
}
