// Which service an alert is about, from its labels. Rules name it in different ways: an explicit `service`
// label (the demo's and most hand-written rules), OpenTelemetry's `service_name` (Prometheus' translation of
// service.name), or only the scrape `job`, which the OTel collector writes as `<namespace>/<service>`.
import type { Labels } from '../../model/metrics';

/** Label names that carry a service, most specific first. */
export const SERVICE_LABELS = ['service', 'service_name', 'job'] as const;

const MAX_SERVICE_LENGTH = 256;

/** The alert's service, or null when no label names one. Never throws. */
export function serviceOfAlert(labels: Labels): string | null {
  for (const name of SERVICE_LABELS) {
    const raw = labels[name]?.trim();
    if (!raw || raw.length > MAX_SERVICE_LENGTH) continue;
    // The collector's job label: "shop/payment" is service "payment" in namespace "shop".
    const service = name === 'job' && raw.includes('/') ? raw.slice(raw.lastIndexOf('/') + 1) : raw;
    if (service !== '') return service;
  }
  return null;
}
