import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { violationsOf, type SourceFile } from './import-rules.js';

const root = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') out.push(...sourceFiles(full));
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      out.push({ path: relative(root, full), text: readFileSync(full, 'utf8') });
    }
  }
  return out;
}

describe('dependency direction (STYLE.md)', () => {
  it('every import points the allowed way', () => {
    const files = sourceFiles(join(root, 'packages'));
    expect(files.length).toBeGreaterThan(50);
    // The dashboard's React files (.tsx) are checked like the rest.
    expect(files.filter((f) => f.path.startsWith('packages/dashboard/src/') && f.path.endsWith('.tsx')).length).toBeGreaterThan(5);
    expect(files.flatMap(violationsOf)).toEqual([]);
  });

  it('catches imports that point the wrong way', () => {
    const bad = (path: string, text: string) => violationsOf({ path, text });
    expect(bad('packages/storage/src/x.ts', "import { createEngine } from '@rapport/engine';")).toHaveLength(1);
    expect(bad('packages/contracts/src/x.ts', "import type { Result } from '@rapport/core';")).toHaveLength(1);
    expect(bad('packages/server/src/x.ts', "import { x } from '@rapport/engine/src/ingest/index.js';")).toHaveLength(1);
    expect(bad('packages/engine/src/ingest/x.ts', "import { KeyService } from '../keys/key-service.js';")).toHaveLength(1);
    expect(bad('packages/engine/src/privacy/x.ts', "import { ProfileService } from '../profiles/index.js';")).toHaveLength(1);
    expect(bad('packages/engine/src/ingest/x.ts', "import { thing } from '../../../storage/src/index.js';")).toHaveLength(1);
    expect(bad('packages/server/src/x.ts', "import { appFixture } from '@rapport/engine/testing';")).toHaveLength(1);
    expect(bad('packages/engine/src/ingest/x.ts', "import { KeyService } from '../keys/index.js';\nexport { y } from './y.js';")).toEqual([]);
    expect(bad('packages/dashboard/src/pages/x.tsx', "import { createEngine } from '@rapport/engine';")).toHaveLength(1);
    expect(bad('packages/dashboard/src/pages/x.tsx', "import { buildApp } from '../../../server/src/app.js';")).toHaveLength(1);
    expect(bad('packages/dashboard/src/pages/x.tsx', "import type { Role } from '@rapport/contracts';\nimport { Button } from '@mantine/core';")).toEqual([]);
    expect(bad('packages/server/src/x.test.ts', "import { engineFixture } from '@rapport/engine/testing';")).toEqual([]);
  });

  it('lets the SDK import only types from the contracts, and nothing else of ours', () => {
    const bad = (path: string, text: string) => violationsOf({ path, text });
    const files = sourceFiles(join(root, 'packages/sdk/src'));
    expect(files.length).toBeGreaterThan(15);
    expect(files.filter((f) => /from '@rapport\/contracts'/.test(f.text)).length).toBeGreaterThan(2);
    expect(bad('packages/sdk/src/x.ts', "import type { DecisionsView } from '@rapport/contracts';\nexport type { DecideContext } from '@rapport/contracts';")).toEqual([]);
    expect(bad('packages/sdk/src/x.ts', "import { variantAt } from '@rapport/contracts';")).toHaveLength(1);
    expect(bad('packages/sdk/src/x.ts', "import { type DecisionsView } from '@rapport/contracts';")).toHaveLength(1);
    expect(bad('packages/sdk/src/x.ts', "export { messageEvents } from '@rapport/contracts';")).toHaveLength(1);
    expect(bad('packages/sdk/src/x.ts', "const c = await import('@rapport/contracts');")).toHaveLength(1);
    expect(bad('packages/sdk/src/x.ts', "import type { Engine } from '@rapport/engine';")).toHaveLength(1);
    expect(bad('packages/sdk/src/dom/x.ts', "import { createRapport } from '../../../server/src/index.js';")).toHaveLength(1);
    expect(bad('packages/sdk/src/dom/x.ts', "import { safeUrl } from '../index.js';")).toEqual([]);
    expect(bad('packages/sdk/src/x.test.ts', "import { variantAt } from '@rapport/contracts';")).toEqual([]);
  });
});
