import { Suspense } from 'react';
import { StrictCspClient } from '@/components/auth/StrictCspClient';
import { UserMenu } from '@/components/auth/UserMenu';
import { IntentLink } from './IntentLink';
import { Logo } from './Logo';
import { NavLinks } from './NavLinks';
import { ThemeToggle } from './ThemeToggle';
import { TimeRangePicker, TimeRangePickerFallback } from './TimeRangePicker';

/** The top bar: brand, main navigation, the global time range, the theme toggle and the account (when signed in). */
export function AppHeader() {
  return (
    <header className="app-header">
      <IntentLink href="/" className="brand">
        <Logo />
        <span>Weft</span>
      </IntentLink>
      <nav aria-label="Main" className="main-nav">
        <NavLinks />
      </nav>
      <div className="header-tools">
        <Suspense fallback={<TimeRangePickerFallback />}>
          <TimeRangePicker />
        </Suspense>
        <ThemeToggle />
        <UserMenu />
        <StrictCspClient />
      </div>
    </header>
  );
}
