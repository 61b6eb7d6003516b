'use client';
// Picks the active tenant (the X-Scope-OrgID every query carries). A plain form post to /auth/tenant, which
// checks the choice and reloads the page, so no cached answer of the previous tenant survives the switch.
import { useRef } from 'react';
import styles from './UserMenu.module.css';

export interface TenantSelectorProps {
  tenants: readonly string[];
  active: string;
}

export function TenantSelector({ tenants, active }: TenantSelectorProps) {
  const nextRef = useRef<HTMLInputElement>(null);
  if (tenants.length <= 1) {
    return (
      <span className={styles.tenant} title="Tenant" data-testid="active-tenant">
        {active}
      </span>
    );
  }
  return (
    <form method="post" action="/auth/tenant" className={styles.tenantForm}>
      <label htmlFor="weft-tenant" className="visually-hidden">
        Tenant
      </label>
      <select
        id="weft-tenant"
        name="tenant"
        className="input"
        defaultValue={active}
        data-testid="tenant-select"
        onChange={(event) => {
          if (nextRef.current) nextRef.current.value = window.location.pathname + window.location.search;
          event.currentTarget.form?.requestSubmit();
        }}
      >
        {tenants.map((tenant) => (
          <option key={tenant} value={tenant}>
            {tenant}
          </option>
        ))}
      </select>
      <input ref={nextRef} type="hidden" name="next" defaultValue="/" />
      <noscript>
        <button type="submit" className="btn">
          Switch
        </button>
      </noscript>
    </form>
  );
}
