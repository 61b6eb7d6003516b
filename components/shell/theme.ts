// Theme plumbing shared by the pre-paint script, the toggle and charts. No React here.

export type Theme = 'light' | 'dark';

/** localStorage key of the user's explicit choice; absent means "follow the system". */
export const THEME_STORAGE_KEY = 'weft-theme';
/** Fired on window when the theme changes in this tab (storage events only reach other tabs). */
export const THEME_CHANGE_EVENT = 'weft-theme-change';

/**
 * Runs inline in <head> before first paint, so a stored dark theme never flashes light.
 * Kept tiny and dependency-free; a failure (storage disabled) leaves the CSS media-query fallback.
 */
export const THEME_INIT_SCRIPT = `(function(){try{var t=localStorage.getItem('${THEME_STORAGE_KEY}');if(t!=='light'&&t!=='dark'){t=window.matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light'}document.documentElement.setAttribute('data-theme',t)}catch(e){}})();`;

export function isTheme(value: unknown): value is Theme {
  return value === 'light' || value === 'dark';
}

/** The theme on <html> right now (set by the init script or the toggle). */
export function currentTheme(): Theme {
  const attr = document.documentElement.getAttribute('data-theme');
  if (isTheme(attr)) return attr;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function storedTheme(): Theme | null {
  try {
    const value = window.localStorage.getItem(THEME_STORAGE_KEY);
    return isTheme(value) ? value : null;
  } catch {
    // Storage can be disabled (privacy modes): the choice just isn't remembered.
    return null;
  }
}

export function applyTheme(theme: Theme, persist: boolean): void {
  document.documentElement.setAttribute('data-theme', theme);
  if (persist) {
    try {
      window.localStorage.setItem(THEME_STORAGE_KEY, theme);
    } catch {
      // See storedTheme: the page still switches, the choice is not remembered.
    }
  }
  window.dispatchEvent(new Event(THEME_CHANGE_EVENT));
}

/** Subscribe to theme changes from this tab, other tabs, and the system setting (when nothing is stored). */
export function subscribeTheme(onChange: () => void): () => void {
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const onSystem = () => {
    if (storedTheme() === null) applyTheme(media.matches ? 'dark' : 'light', false);
  };
  const onStorage = (event: StorageEvent) => {
    if (event.key !== THEME_STORAGE_KEY) return;
    const next = isTheme(event.newValue) ? event.newValue : media.matches ? 'dark' : 'light';
    applyTheme(next, false);
  };
  window.addEventListener(THEME_CHANGE_EVENT, onChange);
  window.addEventListener('storage', onStorage);
  media.addEventListener('change', onSystem);
  return () => {
    window.removeEventListener(THEME_CHANGE_EVENT, onChange);
    window.removeEventListener('storage', onStorage);
    media.removeEventListener('change', onSystem);
  };
}
