import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { algorithms, type Params } from '@rapport/engine';
import type { NumpyCeiling } from './bench-results.js';

/** bench/recs/numpy-baseline.py, next to the compiled bench/dist/recs/. */
const SCRIPT = resolve(import.meta.dirname, '../../recs/numpy-baseline.py');

const num = (params: Params, name: string) => String(params[name]);

/** What numpy-baseline.py prints. */
interface BaselineOutput {
  numpy: string;
  blas: string;
  python: string;
  peak_rss_bytes: number;
  als_seconds?: number;
  ease_seconds?: number;
}

async function runBaseline(python: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<BaselineOutput> {
  const { stdout } = await promisify(execFile)(python, [SCRIPT, ...args], { maxBuffer: 1 << 20, env });
  return JSON.parse(stdout) as BaselineOutput;
}

/**
 * Trains ALS and EASE with NumPy on the same file with the same parameters as Rapport's defaults, `runs` times
 * each, and returns the best times; null (with the reason on stderr) when the interpreter (`python`, default the
 * python3 on the PATH; /usr/bin/python3 for Debian's python3-numpy) or its NumPy is missing.
 *
 * Each in a process of its own, with the BLAS threading that makes it fastest: EASE's products and inverse are
 * large and run on every core; ALS's are small (32 rows × f times f × f), and OpenBLAS's threads cost more than
 * they gain there — 5.6 s against 2.4 s with one thread on the 2-core development machine — so ALS runs with one.
 */
export async function measureNumpy(trainCsv: string, runs: number, python = 'python3'): Promise<NumpyCeiling | null> {
  const als = algorithms.als.defaults;
  const ease = algorithms.ease.defaults;
  if (ease['weighting'] !== 'binary') throw new Error('numpy-baseline.py implements binary EASE: keep it in step with the defaults');
  const common = ['--train', trainCsv, '--repeat', String(runs)];
  const alsArgs = [
    '--algorithms', 'als',
    '--als-factors', num(als, 'factors'),
    '--als-iterations', num(als, 'iterations'),
    '--als-regularization', num(als, 'regularization'),
    '--als-alpha', num(als, 'alpha'),
    '--als-cg-steps', num(als, 'cgSteps'),
    '--als-weighting', num(als, 'weighting'),
    '--seed', num(als, 'seed'),
  ];
  const easeArgs = [
    '--algorithms', 'ease',
    '--ease-lambda', num(ease, 'lambda'),
    '--ease-min-users', num(ease, 'minUsers'),
    '--ease-max-items', num(ease, 'maxItems'),
    '--ease-neighbours', num(ease, 'neighbours'),
  ];
  try {
    // OPENBLAS_NUM_THREADS for OpenBLAS's pthreads builds, OMP_NUM_THREADS for its OpenMP builds (Debian has both).
    const alsOut = await runBaseline(python, [...common, ...alsArgs], { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' });
    const easeOut = await runBaseline(python, [...common, ...easeArgs], process.env);
    if (alsOut.als_seconds === undefined || easeOut.ease_seconds === undefined) throw new Error('numpy-baseline.py printed no time');
    return {
      numpy: easeOut.numpy,
      blas: easeOut.blas,
      python: easeOut.python,
      peakRssBytes: Math.max(alsOut.peak_rss_bytes, easeOut.peak_rss_bytes),
      alsSeconds: alsOut.als_seconds,
      easeSeconds: easeOut.ease_seconds,
    };
  } catch (error) {
    process.stderr.write(`NumPy ceiling not measured (python3 with numpy needed: apt-get install python3-numpy): ${error instanceof Error ? error.message : String(error)}\n`);
    return null;
  }
}
