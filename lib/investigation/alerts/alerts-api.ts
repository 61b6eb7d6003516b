// The alert route handlers' server functions: the request's backends in, JSON-ready answers out.
import 'server-only';
import { currentTimeMs } from '../../time-range';
import { alertmanagerClient, prometheusClient, tempoClient } from './backends';
import { loadAlertDetail, type AlertDetailSources } from './load-alert-detail';
import { loadHomeAlerts, type HomeAlertsSources } from './load-home-alerts';
import type { AlertDetailHttpRequest, HomeAlertsRequest } from './requests';
import type { AlertDetailResponse, HomeAlertsResponse } from './types';

export async function homeAlertsSources(): Promise<HomeAlertsSources> {
  const [prometheus, alertmanager] = await Promise.all([prometheusClient(), alertmanagerClient()]);
  return { prometheus, alertmanager };
}

export async function alertDetailSources(): Promise<AlertDetailSources> {
  const [prometheus, alertmanager, tempo] = await Promise.all([prometheusClient(), alertmanagerClient(), tempoClient()]);
  return { prometheus, alertmanager, tempo };
}

export function getHomeAlerts(sources: HomeAlertsSources, request: HomeAlertsRequest, signal?: AbortSignal): Promise<HomeAlertsResponse> {
  return loadHomeAlerts(sources, { ...request, nowMs: currentTimeMs(), signal });
}

export function getAlertDetail(sources: AlertDetailSources, request: AlertDetailHttpRequest, signal?: AbortSignal): Promise<AlertDetailResponse> {
  return loadAlertDetail(sources, request, { signal });
}
