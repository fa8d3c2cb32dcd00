import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Turns } from './turns.js';

/** Works for `ms` milliseconds without yielding, like a thread checking a request. */
function work(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

/**
 * Twenty requests arrive on one port and then an answer on another; each request takes 2 ms of work. Returns the
 * order in which the thread did things: the requests worked in their handler, or queued on Turns.
 */
async function order(handle: (task: () => void) => void): Promise<string[]> {
  const requests = new MessageChannel();
  const answers = new MessageChannel();
  const seen: string[] = [];
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  requests.port2.on('message', (n: number) =>
    handle(() => {
      work(2);
      seen.push(`request ${n}`);
      if (n === 19) finished();
    }),
  );
  answers.port2.on('message', (text: string) => seen.push(text));
  for (let n = 0; n < 20; n++) requests.port1.postMessage(n);
  answers.port1.postMessage('answer');
  await done;
  await new Promise((resolve) => setImmediate(resolve));
  for (const channel of [requests, answers]) {
    channel.port1.close();
    channel.port2.close();
  }
  return seen;
}

describe('Turns', () => {
  it('runs tasks in order, reading what another port brings between them instead of after all of them', async () => {
    // Worked in the handler, the answer waits for every request that had arrived (Node reads a port's queue in one run).
    const inHandler = await order((task) => task());
    expect(inHandler.indexOf('answer')).toBe(20);
    const turns = new Turns();
    const taking = await order((task) => turns.run(task));
    expect(taking.indexOf('answer')).toBeLessThan(2);
    expect(taking.filter((s) => s !== 'answer')).toEqual(Array.from({ length: 20 }, (_, n) => `request ${n}`));
  });
});
