import type { Engine } from '../engine.js';
import type { ImportProcessing } from './import-processing.js';
import { SkipTally, type SkipCount } from './skip-tally.js';

export interface SendCounts {
  /** Messages given to ingestion. */
  readonly sent: number;
  /** Appended to the event log. */
  readonly accepted: number;
  /** Refused because their person's data was erased (and, being theirs, not kept). */
  readonly suppressed: number;
  /** Messages refused by ingestion, and lines that hold none, by error code (`reason`); all kept with the rejected payloads. */
  readonly rejected: readonly SkipCount[];
}

export interface EventSenderOptions {
  readonly engine: Pick<Engine, 'ingest' | 'rejected' | 'clock'>;
  readonly workspaceId: string;
  readonly processing: ImportProcessing;
  /** Messages per call of ingestMessages. */
  readonly batchSize: number;
  readonly onSent?: (sent: number) => void;
}

/** The `endpoint` rejected payloads of an import are kept under, as ingestMessages keeps the messages it refuses. */
const IMPORT_ENDPOINT = 'import';

/**
 * Sends messages through ingestion in batches — the checks, normalization and durable log of HTTP ingestion — and
 * keeps count, with the file line of each refused message.
 */
export class EventSender {
  readonly #o: EventSenderOptions;
  #items: unknown[] = [];
  #lines: number[] = [];
  #sent = 0;
  #accepted = 0;
  #suppressed = 0;
  readonly #rejected = new SkipTally<string>();

  constructor(options: EventSenderOptions) {
    this.#o = options;
  }

  get counts(): SendCounts {
    const rejected = this.#rejected.list().sort((a, b) => a.reason.localeCompare(b.reason));
    return { sent: this.#sent, accepted: this.#accepted, suppressed: this.#suppressed, rejected };
  }

  /** Queues a message read at `line` of the file; sends the batch when it is full. */
  async add(item: unknown, line: number): Promise<void> {
    this.#items.push(item);
    this.#lines.push(line);
    if (this.#items.length >= this.#o.batchSize) await this.flush();
  }

  /** Keeps a line that holds no message with its reason, as ingestion keeps a body it cannot read. */
  async keepUnreadable(line: { line: number; code: string; message: string; text: string }): Promise<void> {
    await this.#o.engine.rejected.keep([
      {
        workspaceId: this.#o.workspaceId,
        receivedAt: this.#o.engine.clock.now(),
        endpoint: IMPORT_ENDPOINT,
        code: line.code,
        message: line.message,
        details: [{ path: '', message: line.message }],
        contentType: 'application/x-ndjson',
        body: Buffer.from(line.text, 'utf8'),
        ids: { messageId: null, userId: null, anonymousId: null },
      },
    ]);
    this.#rejected.add(line.code, line.line);
  }

  async flush(): Promise<void> {
    const items = this.#items;
    const lines = this.#lines;
    if (items.length === 0) return;
    this.#items = [];
    this.#lines = [];
    const result = await this.#o.engine.ingest.ingestMessages(this.#o.workspaceId, items, { source: 'import' });
    const refused = new Map<number, string>();
    for (const p of result.problems) if (p.index !== undefined && !refused.has(p.index)) refused.set(p.index, p.code ?? 'ERR_INGEST_INVALID_EVENT');
    for (const [index, code] of refused) {
      if (code === 'ERR_INGEST_SUPPRESSED') this.#suppressed++;
      else this.#rejected.add(code, lines[index]!);
    }
    this.#o.processing.accepted(result.seqs.map((seq, i) => ({ messageId: result.messageIds[i]!, seq })));
    this.#sent += items.length;
    this.#accepted += result.accepted;
    this.#o.onSent?.(this.#sent);
  }
}
