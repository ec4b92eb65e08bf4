import { afterEach, describe, expect, it, vi } from 'vitest';
import { openOrm } from '../../src/db/orm.js';
import { captureLogs } from '../helpers/log-capture.js';
import { useTestDatabase } from '../helpers/test-database.js';

describe("the query builder's warnings go to the log, not the console", () => {
  const db = useTestDatabase();
  const printed: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('logs a pooled connection that died while idle as one warning line of the db component', async () => {
    const logs = captureLogs('info');
    const orm = await openOrm(db().url, logs.logger.child({ component: 'db' }));
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')));
    try {
      const em = orm.em.fork();
      const [{ pid }] = (await em.execute('select pg_backend_pid() as pid')) as [{ pid: number }];
      await db().sql('select pg_terminate_backend($1)', [pid]);
      // The pool hands out the dead connection, sees that it died and opens another.
      await expect
        .poll(async () => {
          await orm.em
            .fork()
            .execute('select 1')
            .catch(() => undefined);
          return logs.entries().filter((e) => e.component === 'db').length;
        })
        .toBeGreaterThan(0);
    } finally {
      vi.restoreAllMocks();
      await orm.close();
    }
    const [line] = logs.entries().filter((e) => e.component === 'db');
    expect([line.level, line.msg]).toEqual([40, expect.stringMatching(/^Connection Error: /)]);
    expect(printed.filter((p) => p.includes('Connection Error'))).toEqual([]);
  });
});
