import { resolve } from 'node:path';
import { errorCatalog, errorCodes, roleAllows, roles, secretKeyScopeDescriptions, secretKeyScopes } from '@rapport/contracts';
import { variables } from '@rapport/server';
import { describe, expect, it } from 'vitest';
import { cell, checkGeneratedSection } from './generated-sections.js';

const docs = resolve(import.meta.dirname, '../../docs');

describe('documentation made from the code (UPDATE_DOCS=1 rewrites it)', () => {
  it('docs/errors.md lists every error code with its HTTP status', () => {
    const rows = errorCodes.map((code) => `| \`${code}\` | ${errorCatalog[code].status} | ${cell(errorCatalog[code].description)} |`);
    const table = ['| Code | HTTP status | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
    const { upToDate, current } = checkGeneratedSection(`${docs}/errors.md`, 'error-codes', table);
    expect(upToDate ? table.trim() : current, 'docs/errors.md is out of date: run UPDATE_DOCS=1 npx vitest run tests/docs').toBe(table.trim());
  });

  it('docs/accounts.md shows what each role may do, as the API enforces it', () => {
    const row = (what: string, allowed: (role: (typeof roles)[number]) => boolean) => `| ${what} | ${roles.map((r) => (allowed(r) ? '✓' : '—')).join(' | ')} |`;
    const rows = secretKeyScopes.map((scope) => row(`\`${scope}\`: ${cell(secretKeyScopeDescriptions[scope])}`, (r) => roleAllows(r, scope)));
    rows.push(row('transfer the ownership (`POST /api/v1/users/{id}/ownership`)', (r) => r === 'owner'));
    const table = [`| Scope: what it allows | ${roles.join(' | ')} |`, `| --- |${roles.map(() => ' :-: |').join('')}`, ...rows].join('\n');
    const { upToDate, current } = checkGeneratedSection(`${docs}/accounts.md`, 'roles', table);
    expect(upToDate ? table.trim() : current, 'docs/accounts.md is out of date: run UPDATE_DOCS=1 npx vitest run tests/docs').toBe(table.trim());
  });

  it('docs/configuration.md lists every RAPPORT_* variable with its default', () => {
    const rows = variables.map((v) => `| \`${v.name}\` | ${v.default === undefined ? '—' : `\`${cell(v.default)}\``} | ${cell(v.description)} |`);
    const table = ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
    const { upToDate, current } = checkGeneratedSection(`${docs}/configuration.md`, 'variables', table);
    expect(upToDate ? table.trim() : current, 'docs/configuration.md is out of date: run UPDATE_DOCS=1 npx vitest run tests/docs').toBe(table.trim());
  });
});
