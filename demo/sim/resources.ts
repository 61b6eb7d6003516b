// OpenTelemetry resource attributes of each service's process. One shared object per (service, version): the
// Tempo wire code groups spans by resource object identity.
import type { SpanAttributeValue } from '../query/types';
import { deployAtOrBefore } from './deploys';
import { ENVIRONMENT, SERVICE_NAMESPACE, hostOf, type ServiceName } from './topology';

const cache = new Map<string, Record<string, SpanAttributeValue>>();

export function resourceOf(service: ServiceName, version: string): Record<string, SpanAttributeValue> {
  const key = `${service}@${version}`;
  let resource = cache.get(key);
  if (!resource) {
    resource = Object.freeze({
      'service.name': service,
      'service.namespace': SERVICE_NAMESPACE,
      'service.version': version,
      'service.instance.id': `${hostOf(service)}-${version}`,
      'deployment.environment': ENVIRONMENT,
      'host.name': hostOf(service),
      'process.runtime.name': 'go',
      'process.runtime.version': 'go1.23.4',
      'telemetry.sdk.language': 'go',
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.version': '1.32.0',
    }) as Record<string, SpanAttributeValue>;
    cache.set(key, resource);
  }
  return resource;
}

export function resourceAt(seed: number, service: ServiceName, timeMs: number): Record<string, SpanAttributeValue> {
  return resourceOf(service, deployAtOrBefore(seed, service, timeMs).version);
}
