import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** A benchmark's built entry point, run with some arguments (it stops at its command line: nothing is measured). */
function run(entry: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [resolve(import.meta.dirname, 'dist', entry), ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the benchmarks' command lines", () => {
  it('--help lists the options and exits 0', () => {
    const r = run('segments/run.js', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('usage: npm run bench:segments -- [options]');
    expect(r.stdout).toMatch(/--live-pairs VALUE\s+pairs of live runs/);
    expect(r.stdout).toContain('--skip-live');
  });

  it.each([
    ['segments/run.js', ['--bogus'], /bench:segments: Unknown option '--bogus'/],
    ['segments/run.js', ['--profiles', '5'], /--profiles must be a whole number of at least 100/],
    ['segments/run.js', ['--profiles'], /--profiles <value>' argument missing/],
    ['ingest/run.js', ['--seconds', '0'], /--seconds must be at least 1/],
    ['decide/run.js', ['--rate', 'fast'], /--rate must be a number of at least 1 \(got "fast"\)/],
    ['recs/run.js', ['--runs', '0'], /--runs must be a number of at least 1/],
    ['recs/retail-split.js', ['--test-days=-3'], /--test-days must be a number of at least 1/],
  ])('%s %j is refused with what is wrong and the usage, exit 2, no stack trace', (entry, args, message) => {
    const r = run(entry, ...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('usage: ');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
