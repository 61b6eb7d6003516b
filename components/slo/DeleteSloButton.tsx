'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useQueryClient } from '@tanstack/react-query';
import { sendJson, SaveError } from './api';
import styles from './slo.module.css';
import { FormError } from '@/components/shell/FormError';

/** Delete with an inline confirmation; the SLO is archived (monthly reviews still name it). */
export function DeleteSloButton({ id, version, name }: { id: string; version: number; name: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onDelete() {
    setBusy(true);
    setError(null);
    try {
      await sendJson(`/api/slo/${encodeURIComponent(id)}?version=${version}`, 'DELETE');
      await queryClient.invalidateQueries({ queryKey: ['slo-list'] });
      router.push('/slo');
      router.refresh();
    } catch (failure) {
      setError(failure instanceof SaveError ? failure.message : 'The SLO could not be deleted');
      setBusy(false);
    }
  }

  if (!confirming) {
    return (
      <button type="button" className="btn" onClick={() => setConfirming(true)}>
        Delete
      </button>
    );
  }
  return (
    <span className={styles.confirm} role="group" aria-label="Confirm delete">
      <span>Delete “{name}”?</span>
      <button type="button" className={`btn ${styles.danger}`} onClick={() => void onDelete()} disabled={busy}>
        {busy ? 'Deleting…' : 'Delete SLO'}
      </button>
      <button type="button" className="btn btn-ghost" onClick={() => setConfirming(false)} disabled={busy}>
        Cancel
      </button>
      <FormError message={error} />
    </span>
  );
}
