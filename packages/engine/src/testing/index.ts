/** Test fixtures for suites that drive the engine (engine and server packages). */
export { basicAuth, engineFixture, testSettings, type EngineFixture } from './engine-fixture.js';
