/** Test fixtures for HTTP suites. */
export { appFixture, type AppFixture } from './app-fixture.js';
export { TEST_PASSWORD, type TestSession } from './test-sessions.js';
