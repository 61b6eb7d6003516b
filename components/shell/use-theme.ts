'use client';
import { useSyncExternalStore } from 'react';
import { currentTheme, subscribeTheme, type Theme } from './theme';

/**
 * The active theme, re-rendering on change (charts use it to re-read CSS variables).
 * Returns null during server rendering and hydration, when the theme is not known yet.
 */
export function useTheme(): Theme | null {
  return useSyncExternalStore<Theme | null>(subscribeTheme, currentTheme, () => null);
}
