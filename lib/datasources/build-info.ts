// The build info Loki and Tempo answer at /…/status/buildinfo: Go's prometheus/common/version BuildInfo,
// not wrapped in status/data. Empty fields are left out. (Prometheus and Pyroscope wrap theirs and always
// send every field: their parsers keep their own stricter shape.)
import { z } from 'zod';
import type { BackendName } from './errors';
import { validateWire } from './validate';

export interface BuildInfo {
  version: string;
  revision?: string;
  branch?: string;
  goVersion?: string;
}

/** The wire shape: https://github.com/prometheus/common/blob/main/version/info.go */
export const buildInfoResponseSchema = z.object({
  version: z.string(),
  revision: z.string().optional(),
  branch: z.string().optional(),
  buildUser: z.string().optional(),
  buildDate: z.string().optional(),
  goVersion: z.string().optional(),
});

export function parseBuildInfo(backend: BackendName, body: unknown): BuildInfo {
  const wire = validateWire(backend, buildInfoResponseSchema, body, 'build info');
  const info: BuildInfo = { version: wire.version };
  if (wire.revision) info.revision = wire.revision;
  if (wire.branch) info.branch = wire.branch;
  if (wire.goVersion) info.goVersion = wire.goVersion;
  return info;
}
