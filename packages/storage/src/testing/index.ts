/** Helpers for the storage and engine test suites: the dialect matrix and throw-away databases. */
export { testDialects, openTestDatabase, type TestDatabase } from './test-database.js';
