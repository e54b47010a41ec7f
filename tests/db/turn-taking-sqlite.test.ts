import SQLite from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { TurnTakingSqliteDialect } from '../../server/db/turn-taking-sqlite.ts';

// Statements started together must not chain into one event-loop block on the main thread:
// each waits for a turn of its own once it holds the connection (turn-taking-sqlite.ts).

interface Db {
  t: { id: number; v: string };
}

let db: Kysely<Db> | null = null;
afterEach(async () => {
  await db?.destroy();
  db = null;
});

function open(): Kysely<Db> {
  const handle = new SQLite(':memory:');
  handle.exec(
    `create table t (id integer primary key, v text); insert into t values (1, 'a'), (2, 'b')`,
  );
  db = new Kysely<Db>({
    dialect: new TurnTakingSqliteDialect({ database: handle }),
    log: (event) => {
      events.push(`query ${event.query.sql.slice(0, 6)}`);
      // Queued as the first statement ends (before it lets go of the connection): runs before
      // the next statement when that one waits for a turn of its own, after it when both run
      // in one block.
      if (events.length === 1) setImmediate(() => events.push('other task'));
    },
  });
  return db;
}
const events: string[] = [];

describe('TurnTakingSqliteDialect', () => {
  it('runs statements started together in separate event-loop turns', async () => {
    events.length = 0;
    const d = open();
    const read = (id: number) => d.selectFrom('t').select('v').where('id', '=', id).execute();
    const [a, b] = await Promise.all([read(1), read(2)]);
    expect(a).toEqual([{ v: 'a' }]);
    expect(b).toEqual([{ v: 'b' }]);
    expect(events).toEqual(['query select', 'other task', 'query select']);
  });

  it('keeps a transaction on its connection: other statements wait for its end', async () => {
    events.length = 0;
    const d = open();
    const outside = d.selectFrom('t').select('v').execute();
    const inside = d.transaction().execute(async (trx) => {
      await trx.insertInto('t').values({ id: 3, v: 'c' }).execute();
      await new Promise((resolve) => setImmediate(resolve));
      return sql<{ n: number }>`select count(*) as n from t`.execute(trx);
    });
    const [before, count] = await Promise.all([outside, inside]);
    expect(before).toHaveLength(2);
    expect(count.rows[0]?.n).toBe(3);
    expect(await d.selectFrom('t').select('id').execute()).toHaveLength(3);
  });
});
