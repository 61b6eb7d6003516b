import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/errors';
import { chooseActiveTenant, grantTenants, parseTenantsFile, tenantsFromClaim, tenantsFromFile } from './tenants';

const alice = { id: 'alice', name: 'Alice', email: 'Alice@Example.com', groups: ['sre'] };
const bob = { id: 'bob', name: 'Bob', email: null, groups: ['team-b'] };

const FILE = `
users:
  alice@example.com: [tenant-a]
  bob: [bob-private]
groups:
  sre: [tenant-a, tenant-ops]
  team-b: [tenant-b]
default: [shared]
`;

describe('tenants file', () => {
  it('grants by user id, email (case-insensitive), groups and default', () => {
    const file = parseTenantsFile(FILE);
    expect(tenantsFromFile(file, alice).sort()).toEqual(['shared', 'tenant-a', 'tenant-ops']);
    expect(tenantsFromFile(file, bob).sort()).toEqual(['bob-private', 'shared', 'tenant-b']);
    expect(tenantsFromFile(file, { id: 'carol', name: 'c', email: null, groups: [] })).toEqual(['shared']);
  });

  it('names the entry of a bad tenant id or an unknown key', () => {
    expect(() => parseTenantsFile('users:\n  alice: ["bad tenant"]')).toThrow(ConfigError);
    expect(() => parseTenantsFile('users:\n  alice: ["bad tenant"]')).toThrow(/users\.alice\[0\]/);
    expect(() => parseTenantsFile('user:\n  alice: [a]')).toThrow(/unknown key/);
    expect(() => parseTenantsFile('users: [a, b]')).toThrow(/WEFT_TENANTS_FILE: users/);
    expect(() => parseTenantsFile('users: {')).toThrow(/not valid YAML/);
  });

  it('is read again when it changes', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-tenants-'));
    const file = path.join(dir, 'tenants.yaml');
    writeFileSync(file, 'users:\n  alice: [one]\n');
    const settings = { tenantsFile: file, tenantClaim: null };
    expect(grantTenants(settings, alice, null)).toEqual({ enabled: true, tenants: ['one'] });
    writeFileSync(file, 'users:\n  alice: [one, two]\n');
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect(grantTenants(settings, alice, null).tenants).toEqual(['one', 'two']);
  });
});

describe('tenant claim', () => {
  it('keeps valid tenant ids from a list or a string', () => {
    expect(tenantsFromClaim(['team-a', 'team b', 42, 'team-a', '../etc'])).toEqual(['team-a']);
    expect(tenantsFromClaim('team-a, team-b')).toEqual(['team-a', 'team-b']);
    expect(tenantsFromClaim(undefined)).toEqual([]);
  });

  it('adds to the file grants', () => {
    expect(grantTenants({ tenantsFile: null, tenantClaim: 'groups' }, alice, ['x', 'y'])).toEqual({ enabled: true, tenants: ['x', 'y'] });
    expect(grantTenants({ tenantsFile: null, tenantClaim: null }, alice, ['x'])).toEqual({ enabled: false, tenants: [] });
  });
});

describe('chooseActiveTenant', () => {
  const grant = { enabled: true, tenants: ['a', 'b'] };
  it('takes the requested tenant only when granted, else the first', () => {
    expect(chooseActiveTenant(grant, 'b')).toEqual({ ok: true, tenant: 'b' });
    expect(chooseActiveTenant(grant, undefined)).toEqual({ ok: true, tenant: 'a' });
    expect(chooseActiveTenant(grant, 'c')).toEqual({ ok: false, reason: 'not-allowed', requested: 'c' });
    expect(chooseActiveTenant({ enabled: true, tenants: [] }, undefined)).toEqual({ ok: false, reason: 'no-tenant' });
    expect(chooseActiveTenant({ enabled: false, tenants: [] }, 'anything')).toEqual({ ok: true, tenant: null });
  });
});
