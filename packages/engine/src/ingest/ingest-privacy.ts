import type { StoredMessage } from '@rapport/contracts';
import type { Database, Executor, LogRow, Repositories } from '@rapport/storage';
import type { PersonalDataStore, PrivacySubject } from '../privacy/index.js';
import { rejectedView } from './rejected-store.js';

const SCAN_PAGE = 5000;

/** Log rows (not yet processed, or processed and not yet truncated) that carry one of the subject's identifiers. */
async function* logRowsOf(repos: Repositories, db: Executor, s: PrivacySubject): AsyncGenerator<LogRow> {
  const users = new Set(s.userIds);
  const anonymous = new Set(s.anonymousIds);
  for (let after = 0; ; ) {
    const rows = await repos.ingest.readLogAfter(db, after, SCAN_PAGE);
    for (const row of rows) {
      if (row.workspace_id !== s.workspaceId) continue;
      const m = JSON.parse(row.payload) as StoredMessage;
      if ((m.userId && users.has(m.userId)) || (m.anonymousId && anonymous.has(m.anonymousId)) || (m.previousId && (users.has(m.previousId) || anonymous.has(m.previousId)))) {
        yield row;
      }
    }
    if (rows.length < SCAN_PAGE) return;
    after = rows[rows.length - 1]!.seq;
  }
}

/**
 * The personal data ingestion keeps: the log of events not yet processed, and rejected payloads. The log is read and
 * written through its own query layer (`database.log`: a file of its own on SQLite), whatever transaction the others
 * run in; an erasure deletes the person's log rows in a transaction of the log's, committed before the rest.
 */
export function ingestPrivacyStores(repos: Repositories, database: Pick<Database, 'log' | 'logTransaction'>): PersonalDataStore[] {
  return [
    {
      name: 'event_log',
      tables: ['event_log'],
      async *exportRecords(_db, s) {
        for await (const row of logRowsOf(repos, database.log, s)) yield { seq: row.seq, receivedAt: new Date(row.received_at).toISOString(), ...(JSON.parse(row.payload) as Record<string, unknown>) };
      },
      async erase(_db, s) {
        const seqs: number[] = [];
        for await (const row of logRowsOf(repos, database.log, s)) seqs.push(row.seq);
        return database.logTransaction((log) => repos.ingest.deleteLogRows(log, seqs));
      },
    },
    {
      name: 'rejected_events',
      tables: ['rejected_events'],
      async *exportRecords(db, s) {
        for (const row of await repos.privacy.rejectedOf(db, s.workspaceId, s)) yield { ...rejectedView(row) };
      },
      erase: (db, s) => repos.privacy.deleteRejectedOf(db, s.workspaceId, s),
    },
  ];
}
