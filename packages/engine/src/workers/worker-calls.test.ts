import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '@rapport/core';
import { WorkerCalls, type WorkerReply } from './worker-calls.js';

/** A worker that doubles numbers, answers `slow` never, reports a line with no id, and dies when told. */
const script = new URL(
  `data:text/javascript,${encodeURIComponent(`
    import { parentPort } from 'node:worker_threads';
    parentPort.on('message', (m) => {
      if (m.type === 'double') parentPort.postMessage({ type: 'doubled', id: m.id, value: m.n * 2 });
      if (m.type === 'refuse') parentPort.postMessage({ type: 'failed', id: m.id, message: 'no, thank you' });
      if (m.type === 'note') parentPort.postMessage({ type: 'note', text: m.text });
      if (m.type === 'die') process.exit(3);
      if (m.type === 'close') { parentPort.postMessage({ type: 'closed' }); parentPort.close(); }
    });
    parentPort.postMessage({ type: 'ready' });
  `)}`,
);

type Reply = WorkerReply & { value?: number; text?: string };

describe('WorkerCalls', () => {
  let calls: WorkerCalls<Reply> | undefined;
  afterEach(() => calls?.close({ type: 'close' }));

  const start = (errors: string[] = [], notes: string[] = []) => {
    const logger: Logger = { ...silentLogger, error: (_obj, msg) => void errors.push(msg ?? '') };
    calls = new WorkerCalls<Reply>({
      thread: 'the test thread',
      logger,
      script,
      workerOptions: {},
      valueOf: (m) => m.value,
      other: (m) => void notes.push(m.text ?? m.type),
    });
    return calls;
  };

  it('matches answers to calls, passes on replies without an id, and rejects a call the thread refuses', async () => {
    const notes: string[] = [];
    const c = start([], notes);
    await c.start();
    expect(await Promise.all([1, 2, 3].map((n) => c.call<number>((id) => ({ type: 'double', id, n }))))).toEqual([2, 4, 6]);
    await expect(c.call((id) => ({ type: 'refuse', id }))).rejects.toThrow('no, thank you');
    c.tell({ type: 'note', text: 'hello' });
    await c.call((id) => ({ type: 'double', id, n: 0 }));
    expect(notes).toEqual(['hello']);
  });

  it('fails the calls in flight when the thread dies, says so, starts it again, and refuses calls once closed', async () => {
    const errors: string[] = [];
    const c = start(errors);
    await c.start();
    const inFlight = c.call((id) => ({ type: 'slow', id }));
    c.tell({ type: 'die' });
    await expect(inFlight).rejects.toThrow('the test thread stopped');
    expect(errors).toContain('the test thread stopped; starting it again');
    expect(await c.call<number>((id) => ({ type: 'double', id, n: 21 }))).toBe(42);
    await c.close({ type: 'close' });
    expect(c.closing).toBe(true);
    await expect(c.call((id) => ({ type: 'double', id, n: 1 }))).rejects.toThrow('the test thread is closed');
  });
});
