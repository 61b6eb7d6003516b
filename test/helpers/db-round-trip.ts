// A round trip of every model through the generated Prisma client: every field written and read back,
// database defaults, unique constraints, the ActionItem -> Slo relation and optimistic concurrency.
// Shared by the PGlite and PostgreSQL integration tests so both targets are held to the same behaviour.
import { expect } from 'vitest';
import { Prisma, type PrismaClient } from '@/lib/generated/prisma/client';

/** Prisma's error code for a unique-constraint violation. */
const UNIQUE_VIOLATION = 'P2002';

function uniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === UNIQUE_VIOLATION;
}

export async function roundTripEveryModel(prisma: PrismaClient): Promise<void> {
  // Permalink: BigInt milliseconds beyond 2^53 survive exactly; JSON keeps nesting and unicode.
  const state = { view: 'trace', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spans: ['a', 'b'], note: 'naïve ✓', nested: { n: 1.5, ok: true, nil: null } };
  const permalink = await prisma.permalink.create({
    data: {
      slug: 'Ab3xY9',
      stateVersion: 2,
      state,
      title: 'Payment latency spike',
      description: 'p99 of payment over 2 s',
      fromMs: 1_763_700_000_000n,
      toMs: 9_007_199_254_740_993n,
      createdBy: 'alice@example.com',
      tenant: 'team-a',
      expiresAt: new Date('2027-01-01T00:00:00.000Z'),
    },
  });
  const readPermalink = await prisma.permalink.findUniqueOrThrow({ where: { slug: 'Ab3xY9' } });
  expect(readPermalink).toEqual(permalink);
  expect(readPermalink.state).toEqual(state);
  expect(readPermalink.toMs).toBe(9_007_199_254_740_993n);
  expect(readPermalink.createdAt).toBeInstanceOf(Date);
  const minimalPermalink = await prisma.permalink.create({ data: { slug: 'min', stateVersion: 1, state: {}, title: 't', fromMs: 0n, toMs: 1n } });
  expect(minimalPermalink).toMatchObject({ description: '', createdBy: null, tenant: null, expiresAt: null });
  await expect(prisma.permalink.create({ data: { slug: 'Ab3xY9', stateVersion: 1, state: {}, title: 'dup', fromMs: 0n, toMs: 1n } })).rejects.toSatisfy(uniqueViolation);

  // Slo: enums, nullable queries, float objective, JSON labels, defaults, updatedAt.
  const slo = await prisma.slo.create({
    data: {
      name: 'checkout availability',
      service: 'payment',
      description: '99.9 % of checkout requests succeed',
      sliType: 'bad',
      badQuery: 'sum(rate(http_server_requests_total{service="payment",status=~"5.."}[{{.window}}]))',
      totalQuery: 'sum(rate(http_server_requests_total{service="payment"}[{{.window}}]))',
      objective: 0.999,
      windowKind: 'calendar',
      calendarPeriod: 'quarter',
      timeZone: 'Europe/Berlin',
      owner: 'payments-team',
      labels: { tier: '1', team: 'payments' },
      source: 'openslo',
    },
  });
  expect(await prisma.slo.findUniqueOrThrow({ where: { id: slo.id } })).toEqual(slo);
  expect(slo).toMatchObject({ goodQuery: null, windowDays: null, archivedAt: null, version: 1, objective: 0.999 });
  const minimalSlo = await prisma.slo.create({
    data: { name: 'latency', service: 'payment', sliType: 'good', goodQuery: 'g', totalQuery: 't', objective: 0.99, windowKind: 'rolling', windowDays: 28 },
  });
  expect(minimalSlo).toMatchObject({ description: '', timeZone: 'UTC', owner: '', labels: {}, source: 'ui', calendarPeriod: null });
  await expect(
    prisma.slo.create({ data: { name: 'latency', service: 'payment', sliType: 'good', totalQuery: 't', objective: 0.9, windowKind: 'rolling' } }),
  ).rejects.toSatisfy(uniqueViolation);

  // Optimistic concurrency: an update naming a stale version changes nothing.
  const bumped = await prisma.slo.updateMany({ where: { id: slo.id, version: 1 }, data: { objective: 0.995, version: { increment: 1 } } });
  expect(bumped.count).toBe(1);
  const stale = await prisma.slo.updateMany({ where: { id: slo.id, version: 1 }, data: { objective: 0.5, version: { increment: 1 } } });
  expect(stale.count).toBe(0);
  const afterUpdate = await prisma.slo.findUniqueOrThrow({ where: { id: slo.id } });
  expect(afterUpdate).toMatchObject({ objective: 0.995, version: 2 });
  expect(afterUpdate.updatedAt.getTime()).toBeGreaterThanOrEqual(slo.updatedAt.getTime());

  // ActionItem: a DATE column, the relation to Slo, and ON DELETE SET NULL.
  const item = await prisma.actionItem.create({
    data: {
      title: 'Add a circuit breaker in front of the bank API',
      owner: 'bob',
      dueDate: new Date('2026-12-15T00:00:00.000Z'),
      status: 'in_progress',
      ticketUrl: 'https://tracker.example.com/PAY-42',
      notes: 'retry storm on 2026-11-03',
      slo: { connect: { id: slo.id } },
      incidentRef: 'PaymentLatencyHigh@1762160400000',
      reportMonth: '2026-11',
      closedAt: null,
    },
    include: { slo: true },
  });
  expect(item.slo?.id).toBe(slo.id);
  expect(item.dueDate?.toISOString()).toBe('2026-12-15T00:00:00.000Z');
  const minimalItem = await prisma.actionItem.create({ data: { title: 'Write a runbook', owner: 'carol', reportMonth: '2026-11' } });
  expect(minimalItem).toMatchObject({ status: 'open', dueDate: null, sloId: null, notes: '', version: 1, closedAt: null });
  const done = await prisma.actionItem.update({ where: { id: minimalItem.id }, data: { status: 'done', closedAt: new Date('2026-11-20T10:00:00.000Z') } });
  expect(done.status).toBe('done');
  const ofSlo = await prisma.slo.findUniqueOrThrow({ where: { id: slo.id }, include: { actionItems: true } });
  expect(ofSlo.actionItems.map((candidate) => candidate.id)).toEqual([item.id]);
  await prisma.slo.delete({ where: { id: slo.id } });
  expect((await prisma.actionItem.findUniqueOrThrow({ where: { id: item.id } })).sloId).toBeNull();

  // ReportSnapshot: one per (month, time zone, tenant); '' is "no tenancy"; upsert replaces.
  const data = { services: [{ name: 'payment', attainment: 0.9987 }], incidents: 3 };
  const snapshot = await prisma.reportSnapshot.create({ data: { month: '2026-10', timeZone: 'UTC', dataVersion: 1, data, frozenBy: 'alice' } });
  expect(snapshot.tenant).toBe('');
  expect(await prisma.reportSnapshot.findUniqueOrThrow({ where: { month_timeZone_tenant: { month: '2026-10', timeZone: 'UTC', tenant: '' } } })).toEqual(snapshot);
  await prisma.reportSnapshot.create({ data: { month: '2026-10', timeZone: 'Europe/Berlin', dataVersion: 1, data: {} } });
  const ofTenant = await prisma.reportSnapshot.create({ data: { month: '2026-10', timeZone: 'UTC', tenant: 'team-a', dataVersion: 1, data: { tenant: 'a' } } });
  await expect(prisma.reportSnapshot.create({ data: { month: '2026-10', timeZone: 'UTC', dataVersion: 1, data: {} } })).rejects.toSatisfy(uniqueViolation);
  await expect(prisma.reportSnapshot.create({ data: { month: '2026-10', timeZone: 'UTC', tenant: 'team-a', dataVersion: 1, data: {} } })).rejects.toSatisfy(uniqueViolation);
  const replaced = await prisma.reportSnapshot.upsert({
    where: { month_timeZone_tenant: { month: '2026-10', timeZone: 'UTC', tenant: '' } },
    create: { month: '2026-10', timeZone: 'UTC', dataVersion: 2, data: { v: 2 } },
    update: { dataVersion: 2, data: { v: 2 }, frozenAt: new Date() },
  });
  expect(replaced).toMatchObject({ id: snapshot.id, dataVersion: 2, data: { v: 2 } });
  expect(await prisma.reportSnapshot.findUniqueOrThrow({ where: { id: ofTenant.id } })).toMatchObject({ tenant: 'team-a', data: { tenant: 'a' } });

  // MaturityInput: one value per (month, team, axis).
  const maturity = await prisma.maturityInput.create({ data: { month: '2026-11', axis: 'runbooks', value: 3.5, note: 'half the alerts link one', updatedBy: 'dave' } });
  expect(maturity).toMatchObject({ team: '', value: 3.5 });
  await prisma.maturityInput.create({ data: { month: '2026-11', team: 'payments', axis: 'runbooks', value: 4 } });
  await expect(prisma.maturityInput.create({ data: { month: '2026-11', axis: 'runbooks', value: 1 } })).rejects.toSatisfy(uniqueViolation);
  expect(await prisma.maturityInput.count({ where: { month: '2026-11' } })).toBe(2);

  // Setting: JSON values of any shape under a text key.
  await prisma.setting.create({ data: { key: 'report.defaultTimeZone', value: 'Europe/Berlin', updatedBy: 'eve' } });
  await prisma.setting.upsert({ where: { key: 'home.tiles' }, create: { key: 'home.tiles', value: [1, 2, 3] }, update: { value: [] } });
  const settings = await prisma.setting.findMany({ orderBy: { key: 'asc' } });
  expect(settings.map((setting) => [setting.key, setting.value])).toEqual([
    ['home.tiles', [1, 2, 3]],
    ['report.defaultTimeZone', 'Europe/Berlin'],
  ]);
}
