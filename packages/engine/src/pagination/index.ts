/** Keyset pagination with opaque cursors, shared by every list of the admin API. */
export { encodeCursor, decodeCursor, pageOf } from './cursor.js';
