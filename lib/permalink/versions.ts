// Stored view states are versioned (Permalink.stateVersion): a link made today must still open after a release
// changes the shape. Each old version has one step to the next; reading a link runs the steps in order and
// validates the result against the current schema. Never edit a released version's schema or step: add a
// version, a step from the previous one, and a frozen blob of the old shape to versions.test.ts.
import { z } from 'zod';
import { isRelativeExpr, parseTimeExpr, type ParseResult } from '../time-range';
import { parseViewHref } from './url';
import { permalinkStateV1Schema, STATE_VERSION_1, summaryFromLocation, type PermalinkState, type PermalinkStateV1 } from './view-state';

export const CURRENT_STATE_VERSION = STATE_VERSION_1;

/**
 * Version 0, the prototype's shape: the whole view address and the range as separate strings (RFC3339 or
 * epoch ms), with an optional title. Kept to show, and test, how an old shape is carried forward.
 */
export const permalinkStateV0Schema = z.object({
  url: z.string(),
  from: z.string(),
  to: z.string(),
  title: z.string().optional(),
});

export type PermalinkStateV0 = z.infer<typeof permalinkStateV0Schema>;

/** v0 -> v1: split the address into path and parameters, pin the range, derive the summary from the path. */
export function migrateV0ToV1(blob: unknown): ParseResult<PermalinkStateV1> {
  const v0 = permalinkStateV0Schema.safeParse(blob);
  if (!v0.success) return fail(`not a version 0 state (${firstIssue(v0.error)})`);
  const location = parseViewHref(v0.data.url);
  if (!location.ok) return fail(`its address cannot be read: ${location.error}`);
  // v0 always stored instants; a relative side would mean something else today, so it is refused, not guessed.
  if (isRelativeExpr(v0.data.from) || isRelativeExpr(v0.data.to)) return fail('its time range is relative');
  const from = parseTimeExpr(v0.data.from, 0);
  const to = parseTimeExpr(v0.data.to, 0);
  if (!from.ok || !to.ok) return fail(`its time range cannot be read (${!from.ok ? from.error : !to.ok ? to.error : ''})`);
  const state = {
    v: STATE_VERSION_1,
    path: location.value.path,
    params: location.value.params,
    range: { fromMs: from.value, toMs: to.value },
    summary: summaryFromLocation(location.value.path, location.value.params),
  };
  const checked = permalinkStateV1Schema.safeParse(state);
  return checked.success ? { ok: true, value: checked.data } : fail(firstIssue(checked.error));
}

/** Step from version N to N+1, keyed by N. */
const STEPS: Readonly<Record<number, (blob: unknown) => ParseResult<unknown>>> = {
  0: migrateV0ToV1,
};

export type UpgradeResult =
  | { ok: true; state: PermalinkState; upgradedFrom: number | null }
  | { ok: false; reason: 'newer' | 'invalid'; error: string };

/** A stored state of any known version as the current shape, or why it cannot be opened. */
export function upgradeState(version: number, blob: unknown): UpgradeResult {
  if (!Number.isInteger(version) || version < 0) return { ok: false, reason: 'invalid', error: `Unknown state version ${version}` };
  if (version > CURRENT_STATE_VERSION) {
    return { ok: false, reason: 'newer', error: `The link was made by a newer version of Weft (state version ${version}; this one reads up to ${CURRENT_STATE_VERSION})` };
  }
  let data = blob;
  for (let v = version; v < CURRENT_STATE_VERSION; v++) {
    const step = STEPS[v];
    if (!step) return { ok: false, reason: 'invalid', error: `No upgrade from state version ${v}` };
    const next = step(data);
    if (!next.ok) return { ok: false, reason: 'invalid', error: `The stored state (version ${v}) cannot be upgraded: ${next.error}` };
    data = next.value;
  }
  const current = permalinkStateV1Schema.safeParse(data);
  if (!current.success) return { ok: false, reason: 'invalid', error: `The stored state is not valid: ${firstIssue(current.error)}` };
  return { ok: true, state: current.data, upgradedFrom: version === CURRENT_STATE_VERSION ? null : version };
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

function fail<T>(error: string): ParseResult<T> {
  return { ok: false, error };
}
