/**
 * @rapport/core — the vocabulary every package shares and nothing else: results, the error class, ids, the clock and
 * the logger interface. No I/O, no dependencies on other Rapport packages.
 */
export { type Result, ok, err } from './result.js';
export { AppError, isAppError, type AppErrorOptions, type ProblemDetail } from './app-error.js';
export { uuidv7, randomToken, sha256Hex } from './ids.js';
export { type Clock, systemClock, ManualClock } from './clock.js';
export { type Logger, silentLogger } from './logger.js';
export { bucketOf, versionKey, parseRuleTime, localTimeParts, distanceKm, insidePolygon } from './rule-functions.js';
