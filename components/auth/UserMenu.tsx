// The header's account corner: who is signed in, the active tenant (a picker when there are several) and
// sign out. Nothing when authentication is off. A server component: the session never reaches the browser.
import { connection } from 'next/server';
import { AuthError } from '@/lib/auth/authenticate';
import { authConfig } from '@/lib/auth/current';
import { findRequestContext } from '@/lib/auth/request-context';
import { TenantSelector } from './TenantSelector';
import styles from './UserMenu.module.css';

export async function UserMenu() {
  // Reading the request makes every page dynamic, which the nonce-based CSP (proxy.ts) relies on: a page
  // prerendered at build time would carry scripts without this response's nonce and never hydrate.
  await connection();
  const config = authConfig();
  if (config.mode === 'off') return null;
  let context;
  try {
    context = await findRequestContext();
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    // Signed in but without a usable tenant (proxy.ts shows why): offer only signing out.
    return (
      <div className={styles.menu} data-testid="user-menu">
        <SignOut />
      </div>
    );
  }
  if (!context) {
    return (
      <a className="btn" href="/auth/login" data-testid="sign-in">
        Sign in
      </a>
    );
  }
  const { user, tenancy, tenants, activeTenant } = context;
  return (
    <div className={styles.menu} data-testid="user-menu">
      {tenancy && activeTenant !== null && <TenantSelector tenants={tenants} active={activeTenant} />}
      <span className={styles.user} title={user.email && user.email !== user.name ? `${user.name} (${user.email})` : user.name} data-testid="user-name">
        {user.name}
      </span>
      <SignOut />
    </div>
  );
}

function SignOut() {
  // A link, not a form: the provider's end-session page is another origin, which CSP form-action 'self'
  // would block after a form post. Not next/link, which could prefetch it.
  return (
    <a className="btn btn-ghost" href="/auth/logout" data-testid="sign-out">
      Sign out
    </a>
  );
}
