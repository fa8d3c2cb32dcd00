/** Test fixtures for suites that drive the engine (engine and server packages). */
export { engineFixture, testSettings, type EngineFixture } from './engine-fixture.js';
