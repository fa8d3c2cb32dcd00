import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { testDialects } from '@rapport/storage/testing';
import { describe, expect, it } from 'vitest';
import { basicAuth } from './support/shop.js';
import { spawnRapport, waitForProcessor, type RapportProcess } from './support/rapport-process.js';
import { serverStorage } from './support/server-storage.js';

// A 2xx from ingestion means the events are on disk. Several clients send batches with unique messageIds, retrying a
// batch until it is acknowledged as Segment clients do, while the server is killed with SIGKILL at random moments and
// restarted on the same data. Afterwards every acknowledged messageId must be stored exactly once, and no messageId
// (acknowledged or not: a batch may have been written just before its answer was lost) more than once.

const CLIENTS = 8;
const EVENTS_PER_BATCH = 10;
const KILLS = 4;
/** Pause of a client between two acknowledged batches: steady load that the processor can catch up with in seconds. */
const PAUSE_MS = 5;

describe.each(testDialects())('kill -9 under load on %s (built server)', (dialect) => {
  it(
    'stores every acknowledged event exactly once across crashes and restarts',
    { timeout: 60_000 },
    async () => {
      const storage = await serverStorage(dialect);
      const keys = {
        writeKey: `wk_crash_${randomBytes(12).toString('hex')}`,
        secretKey: `sk_crash_${randomBytes(12).toString('hex')}`,
      };
      const start = () =>
        spawnRapport({
          dataDir: storage.dataDir,
          ...keys,
          env: { ...storage.env, RAPPORT_RATE_LIMIT_PER_SECOND: '0' },
        });
      let server: RapportProcess | undefined = await start();
      const acked = new Set<string>();
      const sent = new Set<string>();
      const unexpected: string[] = [];
      let connectionErrors = 0;
      let stopping = false;

      const client = async (c: number) => {
        for (let b = 0; !stopping; b++) {
          const ids = Array.from({ length: EVENTS_PER_BATCH }, (_, i) => `c${c}-b${b}-e${i}`);
          const body = JSON.stringify({
            batch: ids.map((id, i) => ({
              type: 'track',
              event: 'Load Tested',
              userId: `user-${c}-${b % 5}`,
              messageId: id,
              properties: { i },
            })),
            sentAt: new Date().toISOString(),
          });
          for (const id of ids) sent.add(id);
          for (;;) {
            const url = server?.url;
            if (url !== undefined) {
              try {
                const res = await fetch(`${url}/v1/batch`, {
                  method: 'POST',
                  headers: { authorization: basicAuth(keys.writeKey), 'content-type': 'application/json' },
                  body,
                });
                const text = await res.text();
                if (res.status === 200) {
                  for (const id of ids) acked.add(id);
                  await sleep(PAUSE_MS);
                  break;
                }
                unexpected.push(`${res.status} ${text}`);
              } catch {
                connectionErrors++; // killed mid-request, or not listening yet: send the same batch again
              }
            }
            if (stopping) break;
            await sleep(10);
          }
        }
      };

      try {
        const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));
        const ackedAtKill: number[] = [];
        for (let k = 0; k < KILLS; k++) {
          await sleep(300 + Math.random() * 900);
          const victim: RapportProcess = server!;
          server = undefined;
          ackedAtKill.push(acked.size);
          expect(await victim.stop('SIGKILL')).toBeNull();
          server = await start();
        }
        await sleep(500);
        stopping = true;
        await Promise.all(clients);

        expect(unexpected).toEqual([]);
        expect(connectionErrors).toBeGreaterThan(0);
        // Load ran between every two kills.
        for (let k = 1; k < ackedAtKill.length; k++)
          expect(ackedAtKill[k]!).toBeGreaterThan(ackedAtKill[k - 1]!);
        expect(acked.size).toBeGreaterThan(KILLS * 100);

        const running: RapportProcess = server!;
        await waitForProcessor(running.url);
        // Counted once in the profiles too: replaying a slice after a crash must not count its events twice.
        let counted = 0;
        for (let c = 0; c < CLIENTS; c++) {
          for (let u = 0; u < 5; u++) {
            const res = await fetch(`${running.url}/api/v1/profiles/user-${c}-${u}`, {
              headers: { authorization: `Bearer ${keys.secretKey}` },
            });
            if (res.status === 404) continue;
            counted +=
              ((await res.json()) as { features: { eventCounts: Record<string, number> } }).features
                .eventCounts['Load Tested'] ?? 0;
          }
        }
        expect(await running.stop('SIGTERM')).toBe(0);
        server = undefined;

        const db = await storage.open();
        const rows = await db.kysely
          .selectFrom('events')
          .select(['message_id'])
          .execute()
          .finally(() => db.close());
        const times = new Map<string, number>();
        for (const r of rows) times.set(r.message_id, (times.get(r.message_id) ?? 0) + 1);
        expect([...times].filter(([, n]) => n > 1)).toEqual([]);
        expect([...acked].filter((id) => !times.has(id))).toEqual([]);
        expect([...times.keys()].filter((id) => !sent.has(id))).toEqual([]);
        expect(counted).toBe(rows.length);
      } finally {
        stopping = true;
        await server?.stop('SIGKILL');
        await storage.dispose();
      }
    },
  );
});
