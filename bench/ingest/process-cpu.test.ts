import { describe, expect, it } from 'vitest';
import { cpuPerRequest, cpuSeconds } from './process-cpu.js';

describe('CPU time of a process from /proc', () => {
  it('counts the main thread’s work, within the process’s', () => {
    const before = cpuSeconds(process.pid);
    const until = performance.now() + 300;
    let spins = 0;
    while (performance.now() < until) spins++;
    const after = cpuSeconds(process.pid);
    expect(spins).toBeGreaterThan(0);
    // 300 ms of spinning on a shared machine: at least a third of it on the CPU, counted in 10 ms ticks.
    expect(after.mainThread - before.mainThread).toBeGreaterThanOrEqual(0.1);
    // The two are read one after the other, in ticks: allow two ticks of difference.
    expect(after.process - before.process).toBeGreaterThanOrEqual(after.mainThread - before.mainThread - 0.02);
    const per = cpuPerRequest(before, after, 100);
    expect(per.mainThreadMs).toBeCloseTo(((after.mainThread - before.mainThread) * 1000) / 100, 6);
    expect(cpuPerRequest(before, after, 0)).toEqual({ processMs: 0, mainThreadMs: 0 });
  });
});
