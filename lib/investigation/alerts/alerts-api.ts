// The alert route handlers' server functions: configured backends in, JSON-ready answers out.
import 'server-only';
import { currentTimeMs } from '../../time-range';
import { alertmanagerClient, prometheusClient, tempoClient } from './backends';
import { loadAlertDetail } from './load-alert-detail';
import { loadHomeAlerts } from './load-home-alerts';
import type { AlertDetailHttpRequest, HomeAlertsRequest } from './requests';
import type { AlertDetailResponse, HomeAlertsResponse } from './types';

export function getHomeAlerts(request: HomeAlertsRequest, signal?: AbortSignal): Promise<HomeAlertsResponse> {
  return loadHomeAlerts({ prometheus: prometheusClient(), alertmanager: alertmanagerClient() }, { ...request, nowMs: currentTimeMs(), signal });
}

export function getAlertDetail(request: AlertDetailHttpRequest, signal?: AbortSignal): Promise<AlertDetailResponse> {
  return loadAlertDetail({ prometheus: prometheusClient(), alertmanager: alertmanagerClient(), tempo: tempoClient() }, request, { signal });
}
