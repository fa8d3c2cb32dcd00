/** Test fixtures for suites that drive the engine (engine and server packages). */
export { basicAuth, engineFixture, testSettings, type EngineFixture } from './engine-fixture.js';
export { seededRandom, Dice, randomRule, shopVocabulary, shopGeofences } from './random-rules.js';
export { randomShopMessages } from './random-shop.js';
export { testProcessor } from './test-processor.js';
