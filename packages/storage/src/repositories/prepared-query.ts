import type { CompiledQuery, Compilable } from 'kysely';
import type { Executor } from './executor.js';

/** A value a prepared query is run with: each becomes one bound parameter. */
type Value = string | number | null;

interface Prepared<R> {
  readonly query: CompiledQuery<R>;
  /** For each bound parameter, the index of the argument that fills it (undefined: the parameter is a constant). */
  readonly slots: readonly (number | undefined)[];
}

/**
 * A query of one fixed shape, built and compiled once per database handle and then run with new values. Building
 * Kysely's operation tree and compiling it to SQL costs more than SQLite takes to find a row by its key, and the hot
 * paths of serving (a decision reads the person, their products and their segments) run such lookups on every
 * request. `build` is called once with placeholders in place of the arguments; each must end up as bound parameters
 * (a value compared, inserted or limited by — not a list, and not text written into the SQL), or preparing throws.
 */
export function preparedQuery<A extends readonly Value[], R>(build: (db: Executor, ...args: A) => Compilable<R>): (db: Executor, ...args: A) => Promise<R[]> {
  const compiled = new WeakMap<Executor, Prepared<R>>();
  return async (db, ...args) => {
    let prepared = compiled.get(db);
    if (prepared === undefined) {
      prepared = prepare(db, args.length, build);
      compiled.set(db, prepared);
    }
    const { query, slots } = prepared;
    const parameters = query.parameters.map((constant, i) => {
      const slot = slots[i];
      return slot === undefined ? constant : args[slot];
    });
    return (await db.executeQuery<R>({ ...query, parameters })).rows;
  };
}

function prepare<A extends readonly Value[], R>(db: Executor, arity: number, build: (db: Executor, ...args: A) => Compilable<R>): Prepared<R> {
  const placeholders = Array.from({ length: arity }, (_, i) => `\u0000prepared-argument-${i}\u0000`);
  const query = build(db, ...(placeholders as unknown as A)).compile();
  const slots = query.parameters.map((p) => {
    const at = typeof p === 'string' ? placeholders.indexOf(p) : -1;
    return at < 0 ? undefined : at;
  });
  for (let i = 0; i < arity; i++) {
    if (!slots.includes(i)) throw new Error(`preparedQuery: argument ${i} is not a bound parameter of ${query.sql}`);
  }
  return { query, slots };
}
