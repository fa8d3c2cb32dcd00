/**
 * The dependency rules of STYLE.md, as data: which package may import which, and how engine modules reach each other.
 */
export const allowedPackageImports: Readonly<Record<string, readonly string[]>> = {
  contracts: [],
  core: [],
  storage: ['core'],
  engine: ['core', 'contracts', 'storage'],
  server: ['core', 'contracts', 'storage', 'engine'],
  sdk: ['contracts'],
  dashboard: ['contracts'],
};

/** Entry points besides the main one that a package exports: `testing` is for tests only. */
export const allowedSubpaths: Readonly<Record<string, readonly string[]>> = {
  storage: ['testing'],
  engine: ['testing'],
  server: ['testing'],
  sdk: ['dom'],
};

/**
 * Packages a package may import types from, and nothing else: the SDK runs in shops' pages and apps, and the
 * contracts' runtime (TypeBox) is far larger than the SDK's budget of 15 KB. `import { type X }` does not count as a
 * type import: under verbatimModuleSyntax it leaves `import {} from` — the whole module — behind.
 */
export const typeOnlyPackageImports: Readonly<Record<string, readonly string[]>> = {
  sdk: ['contracts'],
};

const STATEMENT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s)?\s*['"](@rapport\/[^'"]+)['"]|import\(\s*['"](@rapport\/[^'"]+)['"]\s*\)/g;

/** The @rapport/… modules that `text` imports or re-exports as values (not with `import type` or `export type`). */
export function valueImportsOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(STATEMENT)) if (m[4] !== undefined || m[2] === undefined) found.push((m[3] ?? m[4])!);
  return found;
}

/** Engine modules that are leaves every module may use (they import no engine module themselves). */
export const engineLeafModules: readonly string[] = ['pagination', 'metrics'];

/** Engine modules with stricter rules: privacy imports nobody (modules register with it). */
export const engineModuleAllowedImports: Readonly<Record<string, readonly string[]>> = {
  privacy: [],
};

export interface SourceFile {
  /** Path relative to the repository root, e.g. packages/engine/src/ingest/ingest-service.ts. */
  readonly path: string;
  readonly text: string;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s(?:[^'";]*?\sfrom\s)?\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(IMPORT)) found.push((m[1] ?? m[2])!);
  return found;
}

function normalize(parts: string[]): string[] {
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out;
}

/** Every import of `file` that breaks a rule, as a sentence. */
export function violationsOf(file: SourceFile): string[] {
  const [, pkg, srcDir, ...rest] = file.path.split('/');
  if (pkg === undefined || srcDir !== 'src') return [];
  const isTestCode = /\.test\.ts$/.test(file.path) || rest[0] === 'testing';
  const module = pkg === 'engine' && rest.length > 1 ? rest[0] : undefined;
  const problems: string[] = [];
  const typeOnly = typeOnlyPackageImports[pkg] ?? [];
  if (typeOnly.length > 0 && !isTestCode) {
    for (const spec of valueImportsOf(file.text)) {
      const target = spec.split('/')[1];
      if (target !== undefined && typeOnly.includes(target)) problems.push(`${file.path}: ${pkg} may import only types from ${target} (${spec}): use import type`);
    }
  }
  for (const spec of importsOf(file.text)) {
    if (spec.startsWith('@rapport/')) {
      const [, target, sub, ...deep] = spec.split('/');
      if (target === undefined) continue;
      if (target === pkg && !isTestCode) problems.push(`${file.path}: imports its own package by name (${spec}); use a relative import`);
      else if (target !== pkg && !(allowedPackageImports[pkg] ?? []).includes(target)) problems.push(`${file.path}: ${pkg} must not import ${target} (${spec})`);
      if (deep.length > 0 || (sub !== undefined && !(allowedSubpaths[target] ?? []).includes(sub))) problems.push(`${file.path}: deep import ${spec}; import the package's entry point`);
      if (sub === 'testing' && !isTestCode) problems.push(`${file.path}: test helpers (${spec}) are for tests only`);
      continue;
    }
    if (!spec.startsWith('.')) continue;
    const resolved = normalize([...file.path.split('/').slice(0, -1), ...spec.split('/')]);
    if (resolved[0] !== 'packages' || resolved[1] !== pkg || resolved[2] !== 'src') {
      problems.push(`${file.path}: relative import ${spec} leaves its package`);
      continue;
    }
    if (module === undefined) continue;
    const targetModule = resolved.length > 4 ? resolved[3] : undefined;
    if (targetModule === undefined || targetModule === module) continue;
    if (resolved.length !== 5 || resolved[4] !== 'index.js') problems.push(`${file.path}: reaches into engine module ${targetModule} (${spec}); import ../${targetModule}/index.js`);
    const allowed = engineModuleAllowedImports[module];
    if (allowed !== undefined && !allowed.includes(targetModule) && !engineLeafModules.includes(targetModule) && !isTestCode) {
      problems.push(`${file.path}: the ${module} module must not import the ${targetModule} module`);
    }
    if (engineLeafModules.includes(module) && !isTestCode) problems.push(`${file.path}: ${module} is a leaf module and must not import ${targetModule}`);
  }
  return problems;
}
