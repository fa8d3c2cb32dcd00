import { silentLogger, systemClock } from '@rapport/core';
import { createRepositories } from '@rapport/storage';
import { noopMetrics } from '../metrics/index.js';
import { Processor, type ProcessorOptions } from '../processor/index.js';
import { UserAgentParser } from '../profiles/index.js';
import type { EngineFixture } from './engine-fixture.js';

/** A processor of its own over a fixture's database (the fixture's engine runs none in the background). */
export function testProcessor(f: EngineFixture, options: Partial<ProcessorOptions> = {}): Processor {
  const database = f.db.database;
  return new Processor({
    database,
    repos: createRepositories(database.dialect),
    workspaces: f.engine.workspaces,
    clock: systemClock,
    logger: silentLogger,
    metrics: noopMetrics,
    userAgents: new UserAgentParser(),
    locationDecimals: 2,
    ...options,
  });
}
