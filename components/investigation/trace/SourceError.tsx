// One failed source, named with its reason ("Loki: connection refused"), in the panel that needed it.
import { ErrorState } from '@/components/shell/ErrorState';
import type { BackendName, SourceFailure } from '@/lib/datasources/errors';

export const BACKEND_TITLES: Record<BackendName, string> = {
  prometheus: 'Prometheus',
  loki: 'Loki',
  tempo: 'Tempo',
  pyroscope: 'Pyroscope',
  alertmanager: 'Alertmanager',
};

const KIND_TITLES: Record<SourceFailure['kind'], string> = {
  timeout: 'did not answer in time',
  aborted: 'request cancelled',
  network: 'cannot be reached',
  http: 'answered with an error',
  'bad-response': 'sent an answer Weft cannot read',
  'not-found': 'has nothing for this',
  'bad-request': 'rejected the query',
  'not-configured': 'is not configured',
};

export function sourceErrorText(error: SourceFailure): string {
  return `${BACKEND_TITLES[error.backend]}: ${error.message}`;
}

export function SourceError({ error, what, onRetry }: { error: SourceFailure; what: string; onRetry?: () => void }) {
  return (
    <div data-testid="source-error" data-backend={error.backend} data-kind={error.kind}>
      <ErrorState
        compact
        headingLevel={3}
        source={BACKEND_TITLES[error.backend]}
        title={`${what}: ${BACKEND_TITLES[error.backend]} ${KIND_TITLES[error.kind]}`}
        message={sourceErrorText(error)}
        onRetry={onRetry}
      />
    </div>
  );
}
