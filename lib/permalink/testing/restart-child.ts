// One console "process" for the restart test: opens the embedded database in a data directory, makes a link
// (`create`) or opens one (`resolve <slug>`), prints the result as JSON and closes the database, as a console
// does when it stops. Run with tsx; no Next, no backends.
import { openDatabase } from '../../db/open';
import { createPermalink, resolvePermalink } from '../service';
import type { Summariser } from '../summarise';
import { summaryFromLocation } from '../view-state';

// The view's own summary, as when the backends cannot be reached: the link must not depend on them.
const summarise: Summariser = async (input) => ({ summary: summaryFromLocation(input.path, input.params), suggestedRange: null });

async function main(): Promise<void> {
  const [mode, dataDir, slug] = process.argv.slice(2);
  if (!dataDir || (mode !== 'create' && mode !== 'resolve')) throw new Error('usage: restart-child create|resolve <dataDir> [slug]');
  const db = await openDatabase({ kind: 'pglite', dataDir });
  try {
    const origin = 'http://weft.test';
    const result =
      mode === 'create'
        ? await createPermalink(
            { href: '/trace/4bf92f3577b34da6a3ce929d0e0e4736?span=00f067aa0ba902b7&tab=profile&from=now-1h&to=now' },
            { db: async () => db.prisma, summarise, nowMs: Date.now(), retentionDays: null, origin },
          )
        : await resolvePermalink(slug ?? '', { db: db.prisma, nowMs: Date.now(), retentionDays: null, origin });
    process.stdout.write(`${JSON.stringify({ pid: process.pid, result })}\n`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
