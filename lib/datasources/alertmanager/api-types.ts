// Wire JSON of the Alertmanager v2 API, one schema per endpoint, written from its OpenAPI spec
// (no recorded Alertmanager responses exist). Objects are loose: newer versions add fields (mutedBy...).
// Spec: https://github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml
import { z } from 'zod';

/** definitions.labelSet: additionalProperties string */
const labelSet = z.record(z.string(), z.string());

/** definitions.receiver */
const receiver = z.looseObject({ name: z.string() });

/** definitions.alertStatus */
const alertStatus = z.looseObject({
  state: z.enum(['unprocessed', 'active', 'suppressed']),
  silencedBy: z.array(z.string()),
  inhibitedBy: z.array(z.string()),
  mutedBy: z.array(z.string()).optional(),
});

/** definitions.gettableAlert (allOf the gettable fields and definitions.alert) */
export const gettableAlert = z.looseObject({
  labels: labelSet,
  generatorURL: z.string().optional(),
  annotations: labelSet,
  receivers: z.array(receiver),
  fingerprint: z.string(),
  startsAt: z.string(),
  updatedAt: z.string(),
  endsAt: z.string(),
  status: alertStatus,
});
export type GettableAlert = z.infer<typeof gettableAlert>;

/** GET /api/v2/alerts -> definitions.gettableAlerts */
export const getAlertsResponse = z.array(gettableAlert);

/** GET /api/v2/status -> definitions.alertmanagerStatus */
export const getStatusResponse = z.looseObject({
  cluster: z.looseObject({
    name: z.string().optional(),
    status: z.enum(['ready', 'settling', 'disabled']),
    peers: z.array(z.looseObject({ name: z.string(), address: z.string() })).optional(),
  }),
  versionInfo: z.looseObject({
    version: z.string(),
    revision: z.string(),
    branch: z.string(),
    buildUser: z.string(),
    buildDate: z.string(),
    goVersion: z.string(),
  }),
  // definitions.alertmanagerConfig: the running YAML. Validated, never passed on (it names receivers' URLs).
  config: z.looseObject({ original: z.string() }),
  uptime: z.string(),
});
