import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config.js';

/** JSON logs on stdout (pino), with ISO times. */
export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: { service: 'rapport' }, timestamp: pino.stdTimeFunctions.isoTime });
}
