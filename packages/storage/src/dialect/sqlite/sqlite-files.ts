/**
 * The files of the embedded database in its data directory: the event log in a file of its own, so that appending to
 * it (every acknowledgement) never waits for the write lock of the rest (the processor's slices), and the rest.
 */
export const SQLITE_FILES = { main: 'rapport.sqlite', log: 'log.sqlite' } as const;
