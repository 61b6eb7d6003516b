// The signed-in person as the rest of Weft sees it, whichever way they signed in.
import { z } from 'zod';

export interface AuthUser {
  /** Stable id: the OIDC subject, the proxy's user header, or 'local' when authentication is off. */
  id: string;
  /** What the header shows: name, else email, else id. */
  name: string;
  email: string | null;
  groups: string[];
}

/** Everyone, when authentication is off (local use). */
export function localUser(): AuthUser {
  return { id: 'local', name: 'local', email: null, groups: [] };
}

// Identity values end up in HTML, logs and a cookie: keep them short and free of control characters.
const MAX_VALUE_LENGTH = 256;
const MAX_GROUPS = 200;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A usable identity string, or null (empty, too long, control characters). */
export function cleanIdentityValue(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const trimmed = raw.trim();
  if (!trimmed || trimmed.length > MAX_VALUE_LENGTH || CONTROL.test(trimmed)) return null;
  return trimmed;
}

/** Group names from a claim or header: a list, or one comma-separated string. Unusable entries are dropped. */
export function cleanGroups(raw: unknown): string[] {
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
  const groups: string[] = [];
  for (const item of items) {
    const group = cleanIdentityValue(item);
    if (group && !groups.includes(group)) groups.push(group);
    if (groups.length >= MAX_GROUPS) break;
  }
  return groups;
}

export function makeUser(id: string, name: string | null, email: string | null, groups: string[]): AuthUser {
  return { id, name: name ?? email ?? id, email, groups };
}

export const authUserSchema = z.object({
  id: z.string().min(1).max(MAX_VALUE_LENGTH),
  name: z.string().min(1).max(MAX_VALUE_LENGTH),
  email: z.string().max(MAX_VALUE_LENGTH).nullable(),
  groups: z.array(z.string().max(MAX_VALUE_LENGTH)).max(MAX_GROUPS),
});
