import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { uuidv7 } from '@rapport/core';
import type { Engine } from '@rapport/engine';
import { AjvCompiler } from '@fastify/ajv-compiler';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { CookieSecurity } from './config.js';
import { installAuditLog } from './http/audit-hook.js';
import { installAuth } from './http/auth.js';
import { installErrorHandler } from './http/error-handler.js';
import { ADMIN_BODY_LIMIT, installJsonBodyParser } from './http/json-body.js';
import type { PrometheusMetrics } from './http/prometheus-metrics.js';
import { SessionCookies } from './http/session-cookies.js';
import { accountsRoutes } from './routes/accounts-routes.js';
import { auditRoutes } from './routes/audit-routes.js';
import { dashboardRoutes } from './routes/dashboard-routes.js';
import { catalogRoutes } from './routes/catalog-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { ingestRoutes } from './routes/ingest-routes.js';
import { keysRoutes } from './routes/keys-routes.js';
import { privacyRoutes } from './routes/privacy-routes.js';
import { profilesRoutes } from './routes/profiles-routes.js';
import { segmentSettingsRoutes } from './routes/segment-settings-routes.js';
import { segmentsRoutes } from './routes/segments-routes.js';
import { rfmRoutes } from './routes/rfm-routes.js';
import { recommendationsRoutes } from './routes/recommendations-routes.js';
import { recEvaluationsRoutes } from './routes/rec-evaluations-routes.js';
import { geofencesRoutes } from './routes/geofences-routes.js';
import { placementsRoutes } from './routes/placements-routes.js';
import { decideRoutes } from './routes/decide-routes.js';
import { inAppRoutes } from './routes/in-app-routes.js';
import { meRoutes } from './routes/me-routes.js';
import { sdkRoutes } from './routes/sdk-routes.js';
import { usersRoutes } from './routes/users-routes.js';
import { workspaceRoutes } from './routes/workspace-routes.js';
import { statsRoutes } from './routes/stats-routes.js';
import { suppressionsRoutes } from './routes/suppressions-routes.js';

export interface AppDependencies {
  readonly engine: Engine;
  readonly metrics: PrometheusMetrics;
  /** A pino logger; absent for a silent app (tests). */
  readonly logger?: FastifyBaseLogger;
  readonly maxBatchBytes: number;
  readonly rateLimitPerSecond: number;
  readonly version: string;
  /** The address clients reach Rapport at, when it differs from the Host header they send (a proxy). */
  readonly publicUrl?: string | undefined;
  readonly isClosing?: () => boolean;
  /** When session cookies are marked Secure (default: auto). */
  readonly cookieSecure?: CookieSecurity;
  /** The built dashboard (packages/dashboard/dist), served at /app; without it, /app says how to build it. */
  readonly dashboardDir?: string | undefined;
  /** Where the SDK's script-tag build is (packages/sdk/dist/script), served at /sdk/rapport.js. */
  readonly sdkDir?: string | undefined;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Fastify's own validator compiler (Ajv), with each validator compiled on its first use. */
function lazyValidators(...args: Parameters<ReturnType<typeof AjvCompiler>>) {
  const compile = AjvCompiler()(...args);
  return (route: Parameters<typeof compile>[0]) => {
    let compiled: ReturnType<typeof compile> | undefined;
    const validate = (data: unknown) => {
      compiled ??= compile(route);
      const valid = compiled(data);
      // Fastify reads the errors of a failed validation from the function it was given.
      (validate as { errors?: unknown }).errors = (compiled as { errors?: unknown }).errors;
      return valid;
    };
    // Ajv's type also names the schema it was compiled from; Fastify only calls the function and reads its errors.
    return validate as unknown as ReturnType<typeof compile>;
  };
}

/** The HTTP application: every route, its schemas (and the OpenAPI document made from them), auth and errors. */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger === undefined ? { logger: false } : { loggerInstance: deps.logger }),
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : uuidv7();
    },
    // One line per request at debug level (below), instead of two at info: ingestion answers thousands a second.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    bodyLimit: ADMIN_BODY_LIMIT,
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: 'array', useDefaults: true, removeAdditional: false, allErrors: true } },
    // Each route's validators are compiled when the route is first called, not at start: compiling them all with
    // Ajv took a second of every start, for routes a server may never be asked.
    schemaController: { compilersFactory: { buildValidator: lazyValidators } },
  });
  // Responses are documented by their schemas but written with JSON.stringify: fast-json-stringify would drop the
  // unknown fields that Segment messages and traits are allowed to carry.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  // First of the onRequest hooks, so that answers refused by a later one (authentication) carry it too.
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  installErrorHandler(app);
  installJsonBodyParser(app);
  await app.register(cookie);
  installAuth(app, { keys: deps.engine.keys, sessions: deps.engine.accounts.sessions });
  installAuditLog(app, deps.engine.accounts.audit);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    deps.metrics.httpRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    const line = { method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 };
    if (reply.statusCode >= 500) request.log.error(line, 'request failed');
    else request.log.debug(line, 'request');
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Rapport API',
        version: deps.version,
        description:
          'Ingestion follows the Segment HTTP Tracking API (write key as the HTTP Basic user name). The admin API takes a secret key as a bearer token, or the session cookie of a person signed in to the dashboard (with the X-CSRF-Token header on changes; docs/accounts.md). Errors are `{ code, message, details, requestId }`; codes are listed in docs/errors.md.',
      },
      components: {
        securitySchemes: {
          writeKeyBasic: { type: 'http', scheme: 'basic', description: 'The write key as user name, empty password (or writeKey in the body)' },
          secretKeyBearer: { type: 'http', scheme: 'bearer', description: 'A secret key: Authorization: Bearer sk_…' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'rapport_session', description: 'The session of a signed-in person (POST /api/v1/auth/login); changes also need the X-CSRF-Token header' },
        },
      },
      tags: [
        { name: 'Ingestion', description: 'Segment-compatible event collection' },
        { name: 'Profiles', description: 'One profile per person' },
        { name: 'Consent', description: 'Consent per purpose' },
        { name: 'Catalog', description: 'Products' },
        { name: 'Segments', description: 'Segments, RFM and their members' },
        { name: 'Geofences', description: 'Named places (circles and polygons) for location rules' },
        { name: 'Recommendations', description: 'Recommendations with their reasons, and named recommenders' },
        { name: 'End users', description: 'A person’s own routes: why they see what they see, their consent, their data (export, erasure); the preference center at /preferences' },
        { name: 'In-app messages', description: 'In-app messages, POST /v1/messages (which one shows now, and why others are held back) and POST /v1/location (geofence entries and exits)' },
        { name: 'Placements', description: 'Placements of apps and sites, their experiences, and POST /v1/decide: what a person sees there and why' },
        { name: 'Privacy', description: 'Export and erasure (GDPR / CCPA)' },
        { name: 'Keys', description: 'API keys' },
        { name: 'Accounts', description: 'Dashboard users, roles, sessions, invitations and the audit log' },
        { name: 'Workspace', description: 'Settings' },
        { name: 'Operations', description: 'Health and metrics' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(healthRoutes, { engine: deps.engine, metrics: deps.metrics, isClosing: deps.isClosing ?? (() => false) });
  await app.register(ingestRoutes, { engine: deps.engine, maxBatchBytes: deps.maxBatchBytes, rateLimitPerSecond: deps.rateLimitPerSecond });
  await app.register(segmentSettingsRoutes, { prefix: '/v1/projects', engine: deps.engine, publicUrl: deps.publicUrl });
  const cookies = new SessionCookies(deps.cookieSecure ?? 'auto', deps.publicUrl);
  await app.register(accountsRoutes, { engine: deps.engine, cookies });
  await app.register(usersRoutes, { engine: deps.engine, publicUrl: deps.publicUrl });
  for (const routes of [auditRoutes, profilesRoutes, keysRoutes, catalogRoutes, segmentsRoutes, rfmRoutes, geofencesRoutes, recommendationsRoutes, recEvaluationsRoutes, placementsRoutes, decideRoutes, inAppRoutes, meRoutes, privacyRoutes, workspaceRoutes, statsRoutes]) await app.register(routes, { engine: deps.engine });
  await app.register(suppressionsRoutes, { engine: deps.engine });
  await app.register(sdkRoutes, { dir: deps.sdkDir });
  await app.register(dashboardRoutes, { dir: deps.dashboardDir });
  return app;
}
