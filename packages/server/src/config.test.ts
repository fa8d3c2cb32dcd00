import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives the documented defaults, frozen', () => {
    const result = loadConfig({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ port: 8700, host: '127.0.0.1', dataDir: './data', databaseUrl: undefined, maxEventBytes: 32 * 1024, maxBatchBytes: 500 * 1024, dedupWindowHours: 48 });
    expect(Object.isFrozen(result.value)).toBe(true);
  });

  it('reads every variable', () => {
    const result = loadConfig({ RAPPORT_PORT: '9000', RAPPORT_DATABASE_URL: 'postgres://u:p@db:5432/shop', RAPPORT_WRITE_KEY: 'wk_0123456789abcdef', RAPPORT_LOG_LEVEL: 'warn', RAPPORT_PUBLIC_URL: 'https://rapport.shop.example/' });
    expect(result.ok && result.value).toMatchObject({ port: 9000, databaseUrl: 'postgres://u:p@db:5432/shop', writeKey: 'wk_0123456789abcdef', logLevel: 'warn', publicUrl: 'https://rapport.shop.example' });
  });

  it('reports every problem at once, without repeating secrets', () => {
    const result = loadConfig({
      RAPPORT_PORT: '70000',
      RAPPORT_DATABASE_URL: 'mysql://root:hunter2@db/x',
      RAPPORT_SECRET_KEY: 'short',
      RAPPORT_DEDUP_WINDOW_HOURS: '1',
      RAPPORT_LOG_LEVEL: 'loud',
      RAPPORT_PROT: '8000',
      RAPPORT_TEST_PG_URL: 'postgres://ignored',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toHaveLength(6);
    expect(result.error.join('\n')).toMatch(/RAPPORT_PORT="70000": must be a whole number from 0 to 65535/);
    expect(result.error.join('\n')).toMatch(/RAPPORT_PROT: not a Rapport setting \(did you mean RAPPORT_PORT\?\)/);
    expect(result.error.join('\n')).not.toMatch(/hunter2|short/);
  });
});
