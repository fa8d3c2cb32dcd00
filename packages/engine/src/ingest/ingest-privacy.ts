import type { StoredMessage } from '@rapport/contracts';
import type { Executor, LogRow, Repositories } from '@rapport/storage';
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

/** The personal data ingestion keeps: the log of events not yet processed, and rejected payloads. */
export function ingestPrivacyStores(repos: Repositories): PersonalDataStore[] {
  return [
    {
      name: 'event_log',
      tables: ['event_log'],
      async *exportRecords(db, s) {
        for await (const row of logRowsOf(repos, db, s)) yield { seq: row.seq, receivedAt: new Date(row.received_at).toISOString(), ...(JSON.parse(row.payload) as Record<string, unknown>) };
      },
      async erase(db, s) {
        const seqs: number[] = [];
        for await (const row of logRowsOf(repos, db, s)) seqs.push(row.seq);
        return repos.ingest.deleteLogRows(db, seqs);
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
