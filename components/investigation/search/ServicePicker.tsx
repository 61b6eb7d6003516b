'use client';
// The service field: a list of the service names Tempo knows, or a text box when that list cannot be read.
import { useQuery } from '@tanstack/react-query';
import { fetchApi } from '@/components/investigation/trace/api';
import { sourceErrorText } from '@/components/investigation/trace/SourceError';
import type { ServicesResponse } from '@/lib/investigation/search/load-search';
import styles from './trace-search.module.css';

export function ServicePicker({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const services = useQuery({
    queryKey: ['search-services'],
    queryFn: ({ signal }) => fetchApi<ServicesResponse>('/api/search/services', signal),
    staleTime: 5 * 60_000,
  });
  const list = services.data?.services.status === 'ok' ? services.data.services.data : null;
  const problem = services.isError ? services.error.message : services.data?.services.status === 'error' ? sourceErrorText(services.data.services.error) : null;

  if (list === null) {
    return (
      <label>
        Service
        <input className="input" name="service" value={value} onChange={(event) => onChange(event.target.value)} placeholder={services.isPending ? 'Loading services…' : 'service.name'} />
        {problem !== null && (
          <span className={styles.hint} title={problem}>
            No service list from Tempo: type a name.
          </span>
        )}
      </label>
    );
  }
  // Keep a value from the URL selectable even when Tempo no longer lists it.
  const options = value !== '' && !list.includes(value) ? [value, ...list] : list;
  return (
    <label>
      Service
      <select className="input" name="service" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">Any service</option>
        {options.map((service) => (
          <option key={service} value={service}>
            {service}
          </option>
        ))}
      </select>
    </label>
  );
}
