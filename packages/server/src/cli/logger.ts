import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config.js';

/** JSON logs (pino) with ISO times, on stdout or on the file descriptor given (2: stderr). */
export function createLogger(level: LogLevel, fd: 1 | 2 = 1): Logger {
  const options = { level, base: { service: 'rapport' }, timestamp: pino.stdTimeFunctions.isoTime };
  return fd === 1 ? pino(options) : pino(options, pino.destination(fd));
}
