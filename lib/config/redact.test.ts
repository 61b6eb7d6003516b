import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact';

describe('redactUrl', () => {
  it('hides the password, keeps the user, drops query and fragment', () => {
    expect(redactUrl('https://user:pa55@loki.example.com/loki?token=abc#x')).toBe('https://user:***@loki.example.com/loki');
    expect(redactUrl('http://127.0.0.1:9090/')).toBe('http://127.0.0.1:9090');
    expect(redactUrl('http://user@host')).toBe('http://user@host');
  });

  it('does not echo an unparseable value (it may be a secret pasted in the wrong place)', () => {
    expect(redactUrl('glc_secret')).toBe('(invalid URL)');
  });
});
