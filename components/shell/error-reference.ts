/** Next's digest of a server error (it matches the server log line). Never the message or the stack. */
export function errorReference(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('digest' in error)) return undefined;
  const digest: unknown = error.digest;
  return typeof digest === 'string' && digest !== '' ? digest : undefined;
}
