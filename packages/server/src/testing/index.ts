/** Test fixtures for HTTP suites. */
export { appFixture, type AppFixture } from './app-fixture.js';
