// /auth/error?code=...: why signing in failed, in words chosen by code (the URL's text is never shown).
import type { Metadata } from 'next';
import { AUTH_ERROR_MESSAGES, UNKNOWN_AUTH_ERROR } from '@/lib/auth/messages';

export const metadata: Metadata = { title: 'Sign-in failed' };
export const dynamic = 'force-dynamic';

export default async function AuthErrorPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const code = (await searchParams).code;
  const message = (typeof code === 'string' && Object.hasOwn(AUTH_ERROR_MESSAGES, code) ? AUTH_ERROR_MESSAGES[code] : undefined) ?? UNKNOWN_AUTH_ERROR;
  return (
    <div className="page">
      <section className="state state-error" data-state="auth-error" data-testid="auth-error">
        <h1>{message.title}</h1>
        <p>{message.text}</p>
        {message.retry && (
          <div className="state-actions">
            {/* A plain link: the sign-in route redirects to the provider, which a client-side navigation cannot follow. */}
            <a href="/auth/login" className="btn btn-primary">
              Sign in again
            </a>
          </div>
        )}
      </section>
    </div>
  );
}
