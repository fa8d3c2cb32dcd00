import { errorCatalog, isErrorCode, type ErrorCode } from '@rapport/contracts';
import { isAppError, type ProblemDetail } from '@rapport/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

interface ValidationIssue {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

/** Ajv problems as details: JSON Pointers into the body, or into `/query` and `/params`. */
function validationDetails(issues: readonly ValidationIssue[], context: string | undefined): ProblemDetail[] {
  const prefix = context === 'querystring' ? '/query' : context === 'params' ? '/params' : context === 'headers' ? '/headers' : '';
  return issues.map((i) => {
    let path = `${prefix}${i.instancePath}`;
    let message = i.message ?? 'is invalid';
    if (i.keyword === 'required' && typeof i.params?.['missingProperty'] === 'string') {
      path += `/${i.params['missingProperty']}`;
      message = 'is required';
    } else if (i.keyword === 'additionalProperties' && typeof i.params?.['additionalProperty'] === 'string') {
      path += `/${i.params['additionalProperty']}`;
      message = 'is not allowed';
    }
    return { path, message };
  });
}

const byStatus: Record<number, ErrorCode> = {
  400: 'ERR_REQUEST_INVALID',
  404: 'ERR_ROUTE_NOT_FOUND',
  413: 'ERR_REQUEST_TOO_LARGE',
  415: 'ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE',
  429: 'ERR_RATE_LIMITED',
  503: 'ERR_SERVICE_UNAVAILABLE',
};

function isIngestion(request: FastifyRequest): boolean {
  return request.url.startsWith('/v1/');
}

/**
 * One error handler for every route: errors become `{ code, message, details, requestId }` with the status of their
 * code. Client errors never become 5xx; unexpected errors are logged with the request id and answered without
 * internals.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    let code: ErrorCode;
    let message: string;
    let details: ProblemDetail[] | undefined;
    const fe = error as FastifyError & { validation?: ValidationIssue[]; validationContext?: string };
    if (isAppError(error) && isErrorCode(error.code)) {
      code = error.code;
      message = error.message;
      details = error.details.length > 0 ? [...error.details] : undefined;
    } else if (fe.validation !== undefined) {
      code = 'ERR_REQUEST_INVALID';
      details = validationDetails(fe.validation, fe.validationContext);
      message = `the request is invalid: ${details.map((d) => `${d.path || '/'} ${d.message}`).join('; ')}`;
    } else if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      code = byStatus[fe.statusCode] ?? 'ERR_REQUEST_INVALID';
      if (code === 'ERR_REQUEST_TOO_LARGE' && isIngestion(request)) code = 'ERR_INGEST_BODY_TOO_LARGE';
      message = code === 'ERR_REQUEST_TOO_LARGE' || code === 'ERR_INGEST_BODY_TOO_LARGE' ? 'the request body is too large' : fe.message;
    } else {
      code = 'ERR_INTERNAL';
      message = `an unexpected error occurred; it was logged with request id ${request.id}`;
      request.log.error({ err: error }, 'unexpected error');
    }
    const status = errorCatalog[code].status;
    if (status < 500 && code !== 'ERR_INTERNAL') request.log.info({ code, status }, message);
    void reply.code(status).send({
      ...(isIngestion(request) ? { success: false } : {}),
      code,
      message,
      ...(details === undefined ? {} : { details }),
      requestId: request.id,
    });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({
      ...(isIngestion(request) ? { success: false } : {}),
      code: 'ERR_ROUTE_NOT_FOUND',
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
      requestId: request.id,
    });
  });
}
