'use client';
import { Suspense } from 'react';
import { usePathname } from 'next/navigation';
import { hrefWithTimeRange, type RawTimeRange } from '@/lib/time-range';
import { IntentLink } from './IntentLink';
import { useTimeRange } from './use-time-range';

export interface NavItem {
  href: string;
  label: string;
  /** Path prefix that marks the item current; defaults to href. */
  section?: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Home' },
  { href: '/traces', label: 'Traces' },
  { href: '/slo', label: 'SLOs' },
  { href: '/reports', label: 'Reports' },
  { href: '/settings/datasources', label: 'Settings', section: '/settings' },
];

export function isCurrentSection(pathname: string, item: NavItem): boolean {
  const section = item.section ?? item.href;
  if (section === '/') return pathname === '/';
  return pathname === section || pathname.startsWith(`${section}/`);
}

/** The main navigation; links carry the URL's time range so switching pages keeps the window in view. */
export function NavLinks() {
  return (
    <Suspense fallback={<NavList range={null} />}>
      <NavLinksWithRange />
    </Suspense>
  );
}

function NavLinksWithRange() {
  const { raw, inUrl } = useTimeRange();
  return <NavList range={inUrl ? raw : null} />;
}

function NavList({ range }: { range: RawTimeRange | null }) {
  const pathname = usePathname();
  return (
    <ul>
      {NAV_ITEMS.map((item) => {
        const current = isCurrentSection(pathname, item);
        return (
          <li key={item.href}>
            <IntentLink href={range ? hrefWithTimeRange(item.href, range) : item.href} aria-current={current ? 'page' : undefined}>
              {item.label}
            </IntentLink>
          </li>
        );
      })}
    </ul>
  );
}
