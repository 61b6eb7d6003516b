// Alertmanager v2 wire JSON -> our alert model. Pure; validates at the boundary.
import type { Alert, AlertState } from '../../model/metrics';
import { DatasourceError } from '../errors';
import { validateWire } from '../validate';
import { getAlertsResponse, getStatusResponse, type GettableAlert } from './api-types';

export interface AlertmanagerStatus {
  version: string;
  revision: string;
  branch: string;
  buildUser: string;
  buildDate: string;
  goVersion: string;
  cluster: { status: 'ready' | 'settling' | 'disabled'; name?: string; peers: { name: string; address: string }[] };
  /** When this Alertmanager started (the API's `uptime` is a start timestamp), epoch ms. */
  startedAtMs: number;
}

// Alertmanager only lists alerts that have not ended, so "unprocessed" (received, not yet dispatched)
// is still a firing alert; "suppressed" means silenced or inhibited.
const STATES: Record<GettableAlert['status']['state'], AlertState> = {
  active: 'firing',
  unprocessed: 'firing',
  suppressed: 'suppressed',
};

function timeMs(value: string, field: string): number {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new DatasourceError({ backend: 'alertmanager', kind: 'bad-response', message: `alertmanager sent an invalid ${field} time` });
  }
  return ms;
}

function toAlert(wire: GettableAlert): Alert {
  const alert: Alert = {
    name: wire.labels.alertname ?? '',
    state: STATES[wire.status.state],
    labels: { ...wire.labels },
    annotations: { ...wire.annotations },
    activeAtMs: timeMs(wire.startsAt, 'startsAt'),
    endsAtMs: timeMs(wire.endsAt, 'endsAt'),
    source: 'alertmanager',
    fingerprint: wire.fingerprint,
  };
  if (wire.generatorURL) alert.generatorUrl = wire.generatorURL;
  return alert;
}

/** GET /api/v2/alerts -> alerts with Alertmanager's own fingerprint. */
export function parseAlertsResponse(value: unknown): Alert[] {
  return validateWire('alertmanager', getAlertsResponse, value, 'alerts').map(toAlert);
}

/** GET /api/v2/status -> version and cluster state (the running config is left out on purpose). */
export function parseStatusResponse(value: unknown): AlertmanagerStatus {
  const wire = validateWire('alertmanager', getStatusResponse, value, 'status');
  const cluster: AlertmanagerStatus['cluster'] = {
    status: wire.cluster.status,
    peers: (wire.cluster.peers ?? []).map(({ name, address }) => ({ name, address })),
  };
  if (wire.cluster.name) cluster.name = wire.cluster.name;
  const { version, revision, branch, buildUser, buildDate, goVersion } = wire.versionInfo;
  return { version, revision, branch, buildUser, buildDate, goVersion, cluster, startedAtMs: timeMs(wire.uptime, 'uptime') };
}
