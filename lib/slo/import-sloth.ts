// Sloth specs -> SLO definitions: the plain `version: prometheus/v1` file and the Kubernetes
// `sloth.slok.dev/v1` PrometheusServiceLevel (same content under `spec`, camelCase keys). Sloth's event SLI
// (error_query / total_query, with {{.window}}) is our bad/total SLI. Sloth has no window in the spec (it is
// a flag, 30 days by default): imported SLOs get 30 days rolling. Spec: https://sloth.dev/specs/default/
import { normalizePlaceholder } from './sli-query';
import { ImportError, join, readLabels, readMap, readNumber, readString, unknownKeys, validated, type ImportedSlo, type YamlMap } from './import-common';

export const SLOTH_VERSION = 'prometheus/v1';
export const SLOTH_K8S_API_VERSION = 'sloth.slok.dev/v1';
const SLOTH_DEFAULT_DAYS = 30;

/** True for a document that says it is a Sloth spec (either form). */
export function isSlothDocument(doc: YamlMap): boolean {
  return (typeof doc.version === 'string' && doc.version.startsWith('prometheus/')) || (typeof doc.apiVersion === 'string' && doc.apiVersion.startsWith('sloth.slok.dev/'));
}

/** Sloth accepts both spellings of its keys (error_query, errorQuery). */
function pick(map: YamlMap, snake: string): { key: string; value: unknown } {
  const camel = snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  if (map[snake] === undefined && map[camel] !== undefined) return { key: camel, value: map[camel] };
  return { key: snake, value: map[snake] };
}

function readSli(value: unknown, path: string): { badQuery: string; totalQuery: string } {
  const sli = readMap(value, path) as YamlMap;
  if (sli.raw !== undefined) {
    throw new ImportError(join(path, 'raw'), 'a raw SLI (a ready-made error ratio query) is not supported: Weft needs the events, write sli.events.error_query and sli.events.total_query');
  }
  if (sli.plugin !== undefined) {
    throw new ImportError(join(path, 'plugin'), 'Sloth SLI plugins are not supported: write the plugin\'s queries as sli.events.error_query and sli.events.total_query');
  }
  const eventsPath = join(path, 'events');
  const events = readMap(sli.events, eventsPath) as YamlMap;
  const error = pick(events, 'error_query');
  const total = pick(events, 'total_query');
  return {
    badQuery: normalizePlaceholder(readString(error.value, join(eventsPath, error.key)) ?? '').trim(),
    totalQuery: normalizePlaceholder(readString(total.value, join(eventsPath, total.key)) ?? '').trim(),
  };
}

function alertingNotes(value: unknown, path: string): string[] {
  const alerting = readMap(value, path, false);
  if (!alerting) return [];
  const notes = [`${path} is not kept: exported rules name their alerts after the SLO and label them severity=page|ticket`];
  for (const which of ['page_alert', 'ticket_alert'] as const) {
    const alert = pick(alerting, which);
    const map = readMap(alert.value, join(path, alert.key), false);
    if (map?.disable === true) notes.push(`${join(join(path, alert.key), 'disable')}: exported rules include the ${which === 'page_alert' ? 'page' : 'ticket'} alert anyway`);
  }
  return notes;
}

/** One Sloth document (at `path`, e.g. "document 1") -> its SLOs. Throws ImportError naming the field. */
export function importSlothDocument(doc: YamlMap, path: string): ImportedSlo[] {
  let spec: YamlMap = doc;
  let specPath = path;
  let keySpelling: 'plain' | 'k8s' = 'plain';
  if (doc.apiVersion !== undefined) {
    if (doc.apiVersion !== SLOTH_K8S_API_VERSION) throw new ImportError(join(path, 'apiVersion'), `"${String(doc.apiVersion)}" is not supported: use ${SLOTH_K8S_API_VERSION}`);
    if (doc.kind !== 'PrometheusServiceLevel') {
      throw new ImportError(join(path, 'kind'), doc.kind === undefined ? 'is required (PrometheusServiceLevel)' : `"${String(doc.kind)}" is not supported: use PrometheusServiceLevel`);
    }
    specPath = join(path, 'spec');
    spec = readMap(doc.spec, specPath) as YamlMap;
    keySpelling = 'k8s';
  } else if (doc.version !== SLOTH_VERSION) {
    throw new ImportError(join(path, 'version'), `"${String(doc.version)}" is not supported: use ${SLOTH_VERSION}`);
  }

  const service = readString(spec.service, join(specPath, 'service')) as string;
  const specLabels = readLabels(spec.labels, join(specPath, 'labels'));
  const slosPath = join(specPath, 'slos');
  if (!Array.isArray(spec.slos) || spec.slos.length === 0) throw new ImportError(slosPath, 'must list at least one SLO');
  const known = keySpelling === 'plain' ? ['version', 'service', 'labels', 'slos'] : ['service', 'labels', 'slos'];
  const specNotes = unknownKeys(spec, known).map((key) => `${join(specPath, key)} is not read`);

  return spec.slos.map((value: unknown, index: number): ImportedSlo => {
    const sloPath = join(slosPath, index);
    const slo = readMap(value, sloPath) as YamlMap;
    const objectivePath = join(sloPath, 'objective');
    const objectivePercent = readNumber(slo.objective, objectivePath);
    if (!(objectivePercent > 0 && objectivePercent < 100)) throw new ImportError(objectivePath, `Sloth objectives are percentages between 0 and 100 (exclusive), got ${objectivePercent}`);
    const labels = { ...specLabels, ...readLabels(slo.labels, join(sloPath, 'labels')) };
    const notes = [
      ...specNotes,
      `${sloPath}: Sloth specs carry no window; imported with Sloth's default, ${SLOTH_DEFAULT_DAYS} days rolling`,
      ...alertingNotes(slo.alerting, join(sloPath, 'alerting')),
      ...unknownKeys(slo, ['name', 'objective', 'description', 'labels', 'sli', 'alerting']).map((key) => `${join(sloPath, key)} is not read`),
    ];
    const definition = validated(
      {
        name: readString(slo.name, join(sloPath, 'name')),
        service,
        description: readString(slo.description, join(sloPath, 'description'), false) ?? '',
        sli: { type: 'bad', ...readSli(slo.sli, join(sloPath, 'sli')) },
        // 99.9 -> 0.999 without the float noise of a division.
        objective: Number((objectivePercent / 100).toPrecision(12)),
        window: { kind: 'rolling', days: SLOTH_DEFAULT_DAYS },
        owner: labels.owner ?? labels.team ?? '',
        labels,
      },
      sloPath,
    );
    return { definition, source: 'sloth', notes };
  });
}
