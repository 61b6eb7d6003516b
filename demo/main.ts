// `npm run demo`: start the demo stack in the foreground, print where it listens, stop on Ctrl-C / SIGTERM.
import { startDemoStack, type DemoStack } from './index';

function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const seed = Number(text);
  if (!Number.isInteger(seed)) throw new Error(`DEMO_SEED=${JSON.stringify(text)} is not an integer`);
  return seed;
}

function banner(stack: DemoStack): string {
  const { urls } = stack;
  return [
    'Weft demo stack is up (simulated fleet, seed ' + stack.fleet.seed + '):',
    `  Prometheus    ${urls.prometheus}   (/metrics is OpenMetrics with exemplars)`,
    `  Loki          ${urls.loki}`,
    `  Tempo         ${urls.tempo}`,
    `  Pyroscope     ${urls.pyroscope}`,
    `  Alertmanager  ${urls.alertmanager}`,
    '',
    'Point Weft at it:',
    `  PROMETHEUS_URL=${urls.prometheus} LOKI_URL=${urls.loki} TEMPO_URL=${urls.tempo} \\`,
    `  PYROSCOPE_URL=${urls.pyroscope} ALERTMANAGER_URL=${urls.alertmanager} npm start`,
    '',
    'Point Grafana at it (provisioning/datasources/weft-demo.yaml):',
    '  apiVersion: 1',
    '  datasources:',
    `    - { name: Demo Prometheus, type: prometheus, access: proxy, url: ${urls.prometheus}, jsonData: { exemplarTraceIdDestinations: [{ name: trace_id, datasourceUid: demo-tempo }] } }`,
    `    - { name: Demo Loki, type: loki, access: proxy, url: ${urls.loki}, jsonData: { derivedFields: [{ name: TraceID, matcherRegex: '"trace_id":"(\\w+)"', url: '$\${__value.raw}', datasourceUid: demo-tempo }] } }`,
    `    - { name: Demo Tempo, uid: demo-tempo, type: tempo, access: proxy, url: ${urls.tempo} }`,
    `    - { name: Demo Pyroscope, type: grafana-pyroscope-datasource, access: proxy, url: ${urls.pyroscope} }`,
    `    - { name: Demo Alertmanager, type: alertmanager, access: proxy, url: ${urls.alertmanager}, jsonData: { implementation: prometheus } }`,
    '',
    'Ports: DEMO_PROMETHEUS_PORT, DEMO_LOKI_PORT, DEMO_TEMPO_PORT, DEMO_PYROSCOPE_PORT, DEMO_ALERTMANAGER_PORT (0 = any free port);',
    'DEMO_HOST (default 127.0.0.1), DEMO_SEED. Ctrl-C stops.',
  ].join('\n');
}

async function main(): Promise<void> {
  const stack = await startDemoStack({ host: process.env.DEMO_HOST || undefined, seed: parseSeed(process.env.DEMO_SEED), warmUp: true });
  console.log(banner(stack));
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the demo stack...`);
    stack.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('demo stack did not close cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
