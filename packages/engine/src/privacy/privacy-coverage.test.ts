import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '@rapport/storage/testing';
import { engineFixture, type EngineFixture } from '../testing/index.js';

describe.each(testDialects())('privacy coverage on %s', (dialect) => {
  let f: EngineFixture;
  beforeAll(async () => {
    f = await engineFixture(dialect);
  });
  afterAll(async () => {
    await f?.dispose();
  });

  it('covers every table: each holds personal data handled by export and erasure, or says why it holds none', async () => {
    const tables = await f.engine.database.listTables();
    expect(tables.length).toBeGreaterThan(10);
    const { personal, nonPersonal } = f.engine.privacyRegistry.coverage();
    const uncovered = tables.filter((t) => !personal.has(t as never) && !nonPersonal.has(t as never));
    expect(uncovered, 'tables without an export/erase handler or a reason to have none').toEqual([]);
    expect([...personal].filter((t) => nonPersonal.has(t)), 'tables declared both ways').toEqual([]);
    expect([...personal, ...nonPersonal.keys()].filter((t) => !tables.includes(t)), 'declarations of tables that do not exist').toEqual([]);
    for (const reason of nonPersonal.values()) expect(reason.length).toBeGreaterThan(10);
  });
});
