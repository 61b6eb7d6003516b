'use client';
// A next/link that prefetches when the person shows intent (pointer over it, keyboard focus), not when it
// scrolls into view. The header's links are on every page: prefetching all of them at load asks the server
// to render five pages while it is busy with the one that was opened (on the trace view, while it reads a
// 100k-span trace), for links that are rarely followed.
import type { ComponentProps } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';

type IntentLinkProps = Omit<ComponentProps<typeof Link>, 'prefetch' | 'href'> & { href: string };

export function IntentLink({ href, onPointerEnter, onFocus, ...rest }: IntentLinkProps) {
  const router = useRouter();
  return (
    <Link
      {...rest}
      href={href}
      prefetch={false}
      onPointerEnter={(event) => {
        router.prefetch(href);
        onPointerEnter?.(event);
      }}
      onFocus={(event) => {
        router.prefetch(href);
        onFocus?.(event);
      }}
    />
  );
}
