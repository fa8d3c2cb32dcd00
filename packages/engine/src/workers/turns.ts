/**
 * Runs tasks one per turn of the event loop, in the order they were queued.
 *
 * A worker reads the messages of one port in a run of up to a thousand before it looks at anything else (Node's
 * MessagePort), so a thread that does its work inside the message handler, while messages keep arriving faster than
 * it works, reads nothing from its other ports until they stop: the ingestion thread, checking a flow of requests,
 * held the log thread's "durable" answers back for up to 100 ms, and every acknowledgement with them
 * (bench/README.md). Queued here instead, each task waits for a turn of its own, and what other ports bring is read
 * between two tasks.
 */
export class Turns {
  readonly #queue: (() => void)[] = [];
  #scheduled = false;

  /** Queues `task`; it runs in a later turn, after what other ports have brought meanwhile. */
  run(task: () => void): void {
    this.#queue.push(task);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      const task = this.#queue.shift();
      if (this.#queue.length > 0) this.#schedule();
      task?.();
    });
  }
}
