import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyPath, isExpensiveApi, loginPath, safeReturnTo } from './paths';

describe('classifyPath', () => {
  it('gates everything except assets, /auth, the health check and (optionally) link previews', () => {
    expect(classifyPath('/_next/static/chunks/a.js', false)).toBe('asset');
    expect(classifyPath('/icon.svg', false)).toBe('asset');
    expect(classifyPath('/auth/login', false)).toBe('auth');
    expect(classifyPath('/api/health', false)).toBe('public');
    expect(classifyPath('/api/healthz', false)).toBe('api');
    expect(classifyPath('/api/traces/abc/timeline', false)).toBe('api');
    expect(classifyPath('/', false)).toBe('page');
    expect(classifyPath('/authz', false)).toBe('page');
    expect(classifyPath('/s/AbCdEf123456', false)).toBe('public'); // title only: the route decides
    expect(classifyPath('/s/AbCdEf123456/preview.png', false)).toBe('page');
    expect(classifyPath('/s/AbCdEf123456', true)).toBe('public');
    expect(classifyPath('/s/AbCdEf123456/preview.png', true)).toBe('public');
    expect(classifyPath('/s/AbCdEf123456/other', true)).toBe('page');
  });
});

describe('isExpensiveApi', () => {
  it('counts queries, not the health check or reading a stored link', () => {
    expect(isExpensiveApi('/api/traces/abc/timeline', 'GET')).toBe(true);
    expect(isExpensiveApi('/api/search', 'GET')).toBe(true);
    expect(isExpensiveApi('/api/permalinks', 'POST')).toBe(true);
    expect(isExpensiveApi('/api/permalinks/AbCdEf123456', 'GET')).toBe(false);
    expect(isExpensiveApi('/api/health', 'GET')).toBe(false);
    expect(isExpensiveApi('/s/AbCdEf123456/preview.png', 'GET')).toBe(true);
    expect(isExpensiveApi('/trace/abc', 'GET')).toBe(false);
  });
});

describe('safeReturnTo', () => {
  it('keeps plain paths with their query', () => {
    expect(safeReturnTo('/trace/abc?from=1&to=2#span')).toBe('/trace/abc?from=1&to=2#span');
    expect(safeReturnTo('/')).toBe('/');
  });

  it('refuses other origins and tricks', () => {
    for (const bad of ['https://evil.example/', '//evil.example/x', '/\\evil.example', '\\\\evil', 'javascript:alert(1)', '/auth/logout', '/x\n', '', null]) {
      expect(safeReturnTo(bad)).toBe('/');
    }
  });

  it('never yields anything but a same-origin path (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (raw) => {
        const result = safeReturnTo(raw);
        expect(result.startsWith('/')).toBe(true);
        expect(result.startsWith('//')).toBe(false);
        expect(new URL(result, 'https://weft.example').origin).toBe('https://weft.example');
      }),
    );
  });

  it('builds the sign-in URL with the way back', () => {
    expect(loginPath('/trace/abc?x=1')).toBe('/auth/login?next=%2Ftrace%2Fabc%3Fx%3D1');
    expect(loginPath('/')).toBe('/auth/login');
  });
});
