// Alert quality: which alert episodes coincided with a real SLO burn (alerts that matter) and which did not
// (noise), which alerts are noisiest, and which burns no alert fired for. An episode matters when it began
// during an SLO burn, padded by `toleranceMs` on both sides (an alert fires a few minutes into a burn, after its
// `for`): the burn is what it was telling you about. An always-on alert that began long before, or an alert
// that flaps back on hours after the burn, is noise even where its firing time overlaps a burn; the share of
// firing time inside burns is reported beside it. Pure; O(episodes x burns).
import type { AlertEpisode, AlertNameQuality, AlertQualityRule, AlertQualitySection, BurnInterval, BurnRef, EpisodeMatch, SloRef } from './types';
import { DEFAULT_BURN_OPTIONS } from './attainment';

export const DEFAULT_QUALITY_RULE: AlertQualityRule = {
  burnRateThreshold: DEFAULT_BURN_OPTIONS.burnRateThreshold,
  minBudgetShare: DEFAULT_BURN_OPTIONS.minBudgetShare,
  toleranceMs: 15 * 60_000,
};

interface Span {
  startMs: number;
  endMs: number;
}

/** Sorted, non-overlapping union of spans. Does not mutate its input. */
export function unionOf(spans: readonly Span[]): Span[] {
  const sorted = [...spans].filter((span) => span.endMs > span.startMs).sort((a, b) => a.startMs - b.startMs);
  const out: Span[] = [];
  for (const span of sorted) {
    const last = out[out.length - 1];
    if (last && span.startMs <= last.endMs) last.endMs = Math.max(last.endMs, span.endMs);
    else out.push({ startMs: span.startMs, endMs: span.endMs });
  }
  return out;
}

/** Length of [startMs, endMs) covered by a sorted, disjoint union. */
function coveredMs(span: Span, union: readonly Span[]): number {
  let total = 0;
  for (const part of union) {
    if (part.startMs >= span.endMs) break;
    total += Math.max(0, Math.min(span.endMs, part.endMs) - Math.max(span.startMs, part.startMs));
  }
  return total;
}

function overlaps(a: Span, b: Span): boolean {
  return a.startMs < b.endMs && b.startMs < a.endMs;
}

function padded(burn: BurnInterval, toleranceMs: number): Span {
  return { startMs: burn.startMs - toleranceMs, endMs: burn.endMs + toleranceMs };
}

/** Each episode's SLO burns and whether it matters. */
export function matchEpisodesToBurns(episodes: readonly AlertEpisode[], burns: readonly BurnInterval[], rule: AlertQualityRule = DEFAULT_QUALITY_RULE): EpisodeMatch[] {
  const union = unionOf(burns.map((burn) => padded(burn, rule.toleranceMs)));
  return episodes.map((episode) => {
    const span = { startMs: episode.startMs, endMs: Math.max(episode.endMs, episode.startMs + 1) };
    const sloIds = [...new Set(burns.filter((burn) => overlaps(span, padded(burn, rule.toleranceMs))).map((burn) => burn.sloId))].sort();
    const overlapShare = coveredMs(span, union) / (span.endMs - span.startMs);
    const began = union.some((part) => part.startMs <= episode.startMs && episode.startMs < part.endMs);
    return { ref: episode.ref, sloIds, overlapShare, matters: began && !episode.startedBeforeMonth };
  });
}

/** The section: totals, per alert name, the noisiest, and burns with the alerts that fired for them. */
export function alertQuality(
  episodes: readonly AlertEpisode[],
  burns: readonly BurnInterval[],
  slos: readonly SloRef[],
  rule: AlertQualityRule = DEFAULT_QUALITY_RULE,
  complete = true,
): AlertQualitySection {
  const matches = matchEpisodesToBurns(episodes, burns, rule);
  const byName = new Map<string, AlertNameQuality>();
  let matched = 0;
  let firingMs = 0;
  let firingInBurnMs = 0;
  episodes.forEach((episode, index) => {
    const match = matches[index];
    const inBurn = Math.round(match.overlapShare * episode.durationMs);
    const entry = byName.get(episode.name) ?? { name: episode.name, severity: episode.severity, episodes: 0, matched: 0, firingMs: 0, firingInBurnMs: 0, noise: 0 };
    entry.episodes++;
    entry.firingMs += episode.durationMs;
    entry.firingInBurnMs += inBurn;
    if (match.matters) entry.matched++;
    else entry.noise++;
    byName.set(episode.name, entry);
    if (match.matters) matched++;
    firingMs += episode.durationMs;
    firingInBurnMs += inBurn;
  });
  const byAlert = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  const noisiest = byAlert
    .filter((entry) => entry.noise > 0)
    .sort((a, b) => b.noise - a.noise || b.firingMs - b.firingInBurnMs - (a.firingMs - a.firingInBurnMs) || a.name.localeCompare(b.name))
    .slice(0, 5);
  const sloById = new Map(slos.map((slo) => [slo.id, slo]));
  const burnRefs: BurnRef[] = burns
    .map((burn) => {
      const span = padded(burn, rule.toleranceMs);
      const alertedBy = [...new Set(episodes.filter((episode) => overlaps(span, { startMs: episode.startMs, endMs: Math.max(episode.endMs, episode.startMs + 1) })).map((episode) => episode.name))].sort();
      const slo = sloById.get(burn.sloId);
      return { ...burn, sloName: slo?.name ?? burn.sloId, service: slo?.service ?? '', alertedBy };
    })
    .sort((a, b) => a.startMs - b.startMs);
  return {
    rule,
    episodes: episodes.length,
    matched,
    share: episodes.length > 0 ? matched / episodes.length : null,
    firingMs,
    firingInBurnMs,
    byAlert,
    noisiest,
    matches,
    burns: burnRefs,
    missedBurns: burnRefs.filter((burn) => burn.alertedBy.length === 0).length,
    complete,
  };
}
