import { Loading } from '@/components/shell/Loading';

export default function RootLoading() {
  return <Loading label="Loading…" />;
}
