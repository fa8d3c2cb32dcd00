import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { rolldown } from 'rolldown';
import { expect, it } from 'vitest';

/** The budget of the core (@rapport/sdk), minified and gzipped: what a shop's page pays for it. */
const CORE_BUDGET_BYTES = 15 * 1024;

async function minified(entry: string): Promise<string> {
  const bundle = await rolldown({ input: resolve(import.meta.dirname, entry), platform: 'browser', logLevel: 'silent' });
  try {
    const { output } = await bundle.generate({ format: 'esm', minify: true });
    return output[0].code;
  } finally {
    await bundle.close();
  }
}

it(`keeps the core under ${CORE_BUDGET_BYTES / 1024} KB gzipped, with nothing of @rapport/contracts' runtime`, async () => {
  const code = await minified('index.ts');
  const gzipped = gzipSync(code, { level: 9 }).length;
  console.log(`@rapport/sdk core: ${(code.length / 1024).toFixed(1)} KB minified, ${(gzipped / 1024).toFixed(1)} KB gzipped (budget ${CORE_BUDGET_BYTES / 1024} KB)`);
  expect(gzipped).toBeLessThanOrEqual(CORE_BUDGET_BYTES);
  expect(code).not.toMatch(/typebox|@rapport\/contracts/i);
  // No rendering in the core: React Native has no DOM.
  expect(code).not.toMatch(/createElement|innerHTML|querySelector/);
});

it('bundles the script-tag build (core and DOM renderer) small too', async () => {
  const gzipped = gzipSync(await minified('dom/script-tag.ts'), { level: 9 }).length;
  console.log(`script-tag build (core + DOM renderer): ${(gzipped / 1024).toFixed(1)} KB gzipped`);
  expect(gzipped).toBeLessThanOrEqual(CORE_BUDGET_BYTES + 5 * 1024);
});
