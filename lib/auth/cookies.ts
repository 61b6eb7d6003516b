// Set-Cookie values for Weft's own cookies: HttpOnly, SameSite=Lax (sent on the top-level redirect back
// from the identity provider, not on cross-site subrequests or form posts), Secure over https.

export interface CookieOptions {
  maxAgeS: number;
  secure: boolean;
  path?: string;
}

// Cookie values we write are base64url JWEs or tenant ids: nothing that needs quoting, but check anyway.
const COOKIE_VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;

export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  if (!COOKIE_VALUE.test(value)) throw new Error(`cookie ${name}: value has characters a cookie cannot hold`);
  const parts = [`${name}=${value}`, `Path=${options.path ?? '/'}`, `Max-Age=${Math.max(0, Math.floor(options.maxAgeS))}`, 'HttpOnly', 'SameSite=Lax'];
  if (options.maxAgeS <= 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

export function clearCookie(name: string, secure: boolean, path = '/'): string {
  return serializeCookie(name, '', { maxAgeS: 0, secure, path });
}
