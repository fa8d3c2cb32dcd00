import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { SDK_VERSION } from './event-context.js';

it('names its version in context.library as package.json does', () => {
  const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8')) as { version: string };
  expect(SDK_VERSION).toBe(pkg.version);
});
