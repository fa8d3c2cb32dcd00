import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDialects, type TestDatabase } from '../testing/index.js';
import { createRepositories } from './repositories.js';
import type { EventRow } from './events-repository.js';

describe.each(testDialects())('events of people by name and window (%s)', (dialect) => {
  let db: TestDatabase;
  const repos = createRepositories(dialect);
  beforeAll(async () => {
    db = await openTestDatabase(dialect);
    const event = (seq: number, event: string, timestamp: number): EventRow => ({
      seq,
      workspace_id: 'ws',
      profile_id: 'p1',
      message_id: `m${seq}`,
      type: 'track',
      event,
      user_id: null,
      anonymous_id: 'a1',
      timestamp,
      received_at: timestamp,
      source: 'http',
      payload: JSON.stringify({ type: 'track', event, properties: { n: seq } }),
      flags: null,
      revenue: null,
    });
    await repos.events.insertMany(db.database.kysely, [event(1, 'A', 100), event(2, 'B', 200), event(3, 'C', 300), event(4, 'C', 50)]);
  });
  afterAll(() => db.dispose());

  it('reads names without their payload before a name with it, in one query (the branches agree on the payload type)', async () => {
    const rows = await repos.events.behaviourOf(db.database.kysely, 'ws', ['p1'], [
      { name: 'A', since: null },
      { name: 'B', since: null },
      { name: 'C', since: null, propertiesSince: 100 },
    ]);
    expect(rows.map((r) => [r.seq, r.event, r.payload === null])).toEqual([
      [4, 'C', true],
      [1, 'A', true],
      [2, 'B', true],
      [3, 'C', false],
    ]);
  });
});
