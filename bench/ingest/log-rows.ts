import { randomUUID } from 'node:crypto';
import { normalizeMessage, type IngestLimits } from '@rapport/engine';
import type { LogAppend } from '@rapport/storage';

// Rapport's defaults (packages/server/src/config.ts): 32 KiB per event, nesting 32 deep, 1 day ahead, 365 days back.
const limits: IngestLimits = {
  maxEventBytes: 32 * 1024,
  maxDepth: 32,
  futureToleranceMs: 86_400_000,
  oldAfterMs: 365 * 86_400_000,
};

/**
 * The event-log rows that ingestion appends for these POST /v1/batch bodies: each message normalized by the engine's
 * own `normalizeMessage`, so the raw-insert ceiling writes the same payload strings, hashes and sizes as Rapport.
 */
export function logRowsOf(batchBodies: readonly Buffer[]): LogAppend[] {
  const workspaceId = randomUUID();
  const receivedAt = Date.now();
  return batchBodies.flatMap((body) => {
    const { batch, sentAt } = JSON.parse(body.toString('utf8')) as { batch: unknown[]; sentAt: string };
    return batch.map((item) => {
      const m = normalizeMessage(
        item,
        { receivedAt, batchSentAt: sentAt, isImport: false, newMessageId: randomUUID },
        limits,
      );
      if (!m.ok)
        throw new Error(
          `a generated event is invalid: ${m.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
        );
      return {
        workspaceId,
        messageId: m.messageId,
        receivedAt,
        source: 'http',
        payload: m.payload,
        payloadHash: m.payloadHash,
        flags: m.flags.length === 0 ? null : m.flags.join(','),
      };
    });
  });
}
