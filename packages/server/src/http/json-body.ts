import { AppError } from '@rapport/core';
import { findJsonProblems } from '@rapport/engine';
import type { FastifyInstance } from 'fastify';

/** 5 MiB: a bulk upsert of 1,000 products with descriptions. */
export const ADMIN_BODY_LIMIT = 5 * 1024 * 1024;

/**
 * JSON bodies of the admin API, parsed and checked like events: malformed JSON, forbidden keys, NUL characters, lone
 * surrogates, unsafe integers and excessive nesting are 400s with their path, never a 500 from the database.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: ADMIN_BODY_LIMIT }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return done(new AppError({ code: 'ERR_REQUEST_INVALID_JSON', message: 'the body is not valid JSON' }), undefined);
    }
    const problems = findJsonProblems(value, { maxDepth: 64 });
    if (problems.length > 0) {
      return done(
        new AppError({
          code: 'ERR_REQUEST_INVALID',
          message: `the body cannot be stored: ${problems[0]!.message}`,
          details: problems.map((p) => ({ path: p.path, message: p.message, code: p.code })),
        }),
        undefined,
      );
    }
    done(null, value);
  });
}
