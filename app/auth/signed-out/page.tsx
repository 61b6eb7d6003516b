// /auth/signed-out: where the identity provider returns the browser after signing out.
import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Signed out' };
export const dynamic = 'force-dynamic';

export default function SignedOutPage() {
  return (
    <div className="page">
      <section className="state" data-state="signed-out" data-testid="signed-out">
        <h1>You are signed out</h1>
        <p>Your Weft session has ended.</p>
        <div className="state-actions">
          <a href="/auth/login" className="btn btn-primary">
            Sign in
          </a>
        </div>
      </section>
    </div>
  );
}
