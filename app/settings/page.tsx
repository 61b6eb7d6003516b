import { redirect } from 'next/navigation';

// Datasources are the only settings so far.
export default function SettingsPage(): never {
  redirect('/settings/datasources');
}
