'use client';
import Link from 'next/link';
import { ErrorState } from '@/components/shell/ErrorState';
import { errorReference } from '@/components/shell/error-reference';

/** The route error boundary: a plain explanation, a reference for the logs and a way out, never a stack trace. */
export default function RouteError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <div className="page">
      <ErrorState
        headingLevel={1}
        title="This page could not be shown"
        message="Something failed while loading it. The details were logged on the server. Trying again often helps if a backend was briefly unavailable."
        reference={errorReference(error)}
        onRetry={retry}
        action={
          <Link href="/" className="btn">
            Go to Home
          </Link>
        }
      />
    </div>
  );
}
