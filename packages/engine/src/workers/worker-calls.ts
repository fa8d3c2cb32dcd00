import { Worker, type Transferable, type WorkerOptions } from 'node:worker_threads';
import type { Logger } from '@rapport/core';
import { endWorker } from './worker-bridge.js';

/** What a worker answering calls posts: `ready` once, answers and failures with the call's id, and anything else. */
export type WorkerReply = { readonly type: string; readonly id?: number; readonly message?: string };

export interface WorkerCallsOptions<Reply extends WorkerReply> {
  /** The thread, in log lines: "the ingestion thread". */
  readonly thread: string;
  readonly logger: Logger;
  readonly script: URL;
  readonly workerOptions: WorkerOptions;
  /** The value a call resolves with, from its answer (a reply with the call's id, other than `failed`). */
  readonly valueOf: (reply: Reply) => unknown;
  /** Replies that answer no call (log lines, metrics, commits); `ready` and `closed` are handled here. */
  readonly other: (reply: Reply) => void;
}

type Pending = { readonly resolve: (value: never) => void; readonly reject: (error: Error) => void };

/**
 * Calls to a worker thread that answers each by its id. Starts the thread (resolving once it says it is ready),
 * matches answers to calls, and when the thread dies fails the calls in flight and starts it again — unless it is
 * closing.
 */
export class WorkerCalls<Reply extends WorkerReply> {
  readonly #o: WorkerCallsOptions<Reply>;
  #worker: Worker | undefined;
  #ready: Promise<void> = Promise.resolve();
  #nextId = 0;
  readonly #pending = new Map<number, Pending>();
  #closing: Promise<void> | undefined;

  constructor(options: WorkerCallsOptions<Reply>) {
    this.#o = options;
  }

  get closing(): boolean {
    return this.#closing !== undefined;
  }

  /** Starts the thread; resolves once it is ready. */
  start(): Promise<void> {
    if (this.#worker !== undefined || this.#closing !== undefined) return this.#ready;
    const { thread, logger } = this.#o;
    const worker = new Worker(this.#o.script, this.#o.workerOptions);
    let ready: () => void = () => undefined;
    this.#ready = new Promise((resolve) => (ready = resolve));
    worker.on('message', (m: Reply) => {
      if (m.type === 'ready') return ready();
      if (m.type === 'closed') return;
      if (m.id === undefined) return this.#o.other(m);
      const p = this.#pending.get(m.id);
      this.#pending.delete(m.id);
      if (m.type === 'failed') p?.reject(new Error(m.message));
      else p?.resolve(this.#o.valueOf(m) as never);
    });
    worker.on('error', (error) => logger.error({ err: error }, `${thread} failed`));
    worker.on('exit', () => {
      this.#worker = undefined;
      ready();
      for (const p of this.#pending.values()) p.reject(new Error(`${thread} stopped`));
      this.#pending.clear();
      if (this.#closing === undefined) {
        logger.error({}, `${thread} stopped; starting it again`);
        void this.start();
      }
    });
    this.#worker = worker;
    return this.#ready;
  }

  /** Posts the message made for a new call id; resolves with the value of its answer. */
  call<T>(message: (id: number) => unknown, transfer: readonly Transferable[] = []): Promise<T> {
    if (this.#closing !== undefined) return Promise.reject(new Error(`${this.#o.thread} is closed`));
    if (this.#worker === undefined) void this.start();
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: never) => void, reject });
      this.#worker!.postMessage(message(id), transfer);
    });
  }

  /** Posts a message that no answer is awaited for. */
  tell(message: unknown): void {
    this.#worker?.postMessage(message);
  }

  /** Asks the thread to finish with its own closing message; resolves once it has exited. */
  async close(closing: unknown): Promise<void> {
    this.#closing ??= endWorker(this.#worker, closing);
    await this.#closing;
  }
}
