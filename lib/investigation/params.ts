// Query parameters -> typed values, or a message saying what is wrong (the route handler answers 400 with it).
// Pure, and free of server-only imports: the search form parses its URL in the browser too.

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Every parameter at most once: a repeated one is ambiguous and refused rather than guessed. */
export function singleParams(search: URLSearchParams, names: readonly string[]): Parsed<Record<string, string | undefined>> {
  const out: Record<string, string | undefined> = {};
  for (const name of names) {
    const all = search.getAll(name);
    if (all.length > 1) return { ok: false, error: `Give "${name}" once, not ${all.length} times` };
    out[name] = all[0];
  }
  return { ok: true, value: out };
}
