import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '@rapport/storage/testing';
import { setThreadNice, writesAtNormalPriority } from './worker-bridge.js';

/** The nice value of the calling thread, as the kernel reports it (field 19 of /proc/thread-self/stat). */
function threadNice(): number {
  const stat = readFileSync('/proc/thread-self/stat', 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

describe.runIf(process.platform === 'linux')('writesAtNormalPriority (a low-priority thread holding the write lock)', () => {
  afterAll(() => void setThreadNice(0));

  it('runs write transactions at nice 0 where raising the priority is allowed, and goes back to nice 19 after them, also when one fails', async () => {
    const test = await openTestDatabase('sqlite');
    try {
      expect(setThreadNice(19)).toBe(true);
      expect(threadNice()).toBe(19);
      // Raising a priority takes CAP_SYS_NICE (root has it); without it the transactions stay at 19, as before.
      const mayRaise = setThreadNice(0);
      setThreadNice(19);
      const expected = mayRaise ? 0 : 19;
      const database = writesAtNormalPriority(test.database);

      const seen: number[] = [];
      await database.writeTransaction(async (trx) => {
        seen.push(threadNice());
        await sql`SELECT 1`.execute(trx);
        seen.push(threadNice());
      });
      await database.processingTransaction(async () => void seen.push(threadNice()), { durable: false });
      expect(seen).toEqual([expected, expected, expected]);
      expect(threadNice()).toBe(19);

      await expect(database.writeTransaction(() => Promise.reject(new Error('a failed slice')))).rejects.toThrow('a failed slice');
      expect(threadNice()).toBe(19);
      // Reads are not transactions that hold the lock: they keep the thread's priority.
      await sql`SELECT 1`.execute(database.kysely);
      expect(threadNice()).toBe(19);
    } finally {
      setThreadNice(0);
      await test.dispose();
    }
  });
});
