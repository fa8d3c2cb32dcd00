import { err, ok, type Result } from '@rapport/core';
import { KEY_PATTERN } from '@rapport/engine';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** When session cookies carry `Secure`: `auto` when the request came over https or RAPPORT_PUBLIC_URL is https. */
export const cookieSecurities = ['auto', 'always', 'never'] as const;
export type CookieSecurity = (typeof cookieSecurities)[number];

/** Everything Rapport reads from its environment, validated once at start. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  readonly writeKey: string | undefined;
  readonly secretKey: string | undefined;
  readonly workspaceName: string;
  readonly publicUrl: string | undefined;
  readonly logLevel: LogLevel;
  readonly maxEventBytes: number;
  readonly maxBatchBytes: number;
  readonly maxDepth: number;
  readonly dedupWindowHours: number;
  readonly rateLimitPerSecond: number;
  readonly futureToleranceSeconds: number;
  readonly oldEventDays: number;
  readonly locationDecimals: number;
  readonly maintenanceIntervalMinutes: number;
  readonly recsTrainHours: number;
  readonly recsTestDays: number;
  readonly shutdownTimeoutSeconds: number;
  readonly sessionIdleMinutes: number;
  readonly sessionMaxDays: number;
  readonly invitationDays: number;
  readonly auditRetentionDays: number;
  readonly cookieSecure: CookieSecurity;
}

interface Variable {
  readonly name: string;
  readonly description: string;
  readonly default?: string;
  parse(raw: string): { value: unknown } | { problem: string };
}

const integer = (min: number, max: number) => (raw: string) => {
  const n = Number(raw);
  return /^-?\d+$/.test(raw.trim()) && n >= min && n <= max ? { value: n } : { problem: `must be a whole number from ${min} to ${max}` };
};
const text = (raw: string) => (raw.trim() === '' ? { problem: 'must not be empty' } : { value: raw.trim() });
const oneOf = (values: readonly string[]) => (raw: string) => (values.includes(raw) ? { value: raw } : { problem: `must be one of ${values.join(', ')}` });
const key = (raw: string) => (KEY_PATTERN.test(raw) ? { value: raw } : { problem: 'must be 16 to 200 characters of A-Z, a-z, 0-9, "_", "." or "-"' });

/** The RAPPORT_* variables, with their defaults; docs/configuration.md lists the same (a test checks). */
export const variables: readonly (Variable & { key: keyof Config })[] = [
  { key: 'port', name: 'RAPPORT_PORT', description: 'HTTP port', default: '8700', parse: integer(0, 65535) },
  { key: 'host', name: 'RAPPORT_HOST', description: 'Interface to listen on; 0.0.0.0 to accept connections from other machines', default: '127.0.0.1', parse: text },
  { key: 'dataDir', name: 'RAPPORT_DATA_DIR', description: 'Directory of the embedded SQLite database', default: './data', parse: text },
  {
    key: 'databaseUrl',
    name: 'RAPPORT_DATABASE_URL',
    description: 'postgres://user:password@host:5432/database to use PostgreSQL instead of the embedded SQLite database',
    parse: (raw) => {
      try {
        const url = new URL(raw);
        return url.protocol === 'postgres:' || url.protocol === 'postgresql:' ? { value: raw } : { problem: 'must be a postgres:// URL' };
      } catch {
        return { problem: 'must be a postgres:// URL' };
      }
    },
  },
  { key: 'databasePoolSize', name: 'RAPPORT_DATABASE_POOL_SIZE', description: 'PostgreSQL connections', default: '10', parse: integer(1, 200) },
  { key: 'writeKey', name: 'RAPPORT_WRITE_KEY', description: 'The first write key, instead of a generated one (automated deployments)', parse: key },
  { key: 'secretKey', name: 'RAPPORT_SECRET_KEY', description: 'The first admin secret key, instead of a generated one', parse: key },
  { key: 'workspaceName', name: 'RAPPORT_WORKSPACE_NAME', description: 'Name of the workspace created on first run', default: 'My shop', parse: text },
  {
    key: 'publicUrl',
    name: 'RAPPORT_PUBLIC_URL',
    description: 'The address clients reach Rapport at, for printed links (default: http://<host>:<port>)',
    parse: (raw) => {
      try {
        return /^https?:$/.test(new URL(raw).protocol) ? { value: raw.replace(/\/+$/, '') } : { problem: 'must be an http(s):// URL' };
      } catch {
        return { problem: 'must be an http(s):// URL' };
      }
    },
  },
  { key: 'logLevel', name: 'RAPPORT_LOG_LEVEL', description: `One of ${logLevels.join(', ')}`, default: 'info', parse: oneOf(logLevels) },
  { key: 'maxEventBytes', name: 'RAPPORT_MAX_EVENT_BYTES', description: 'Largest event, as JSON after decompression', default: String(32 * 1024), parse: integer(1024, 1024 * 1024) },
  { key: 'maxBatchBytes', name: 'RAPPORT_MAX_BATCH_BYTES', description: 'Largest request body after decompression', default: String(500 * 1024), parse: integer(1024, 16 * 1024 * 1024) },
  { key: 'maxDepth', name: 'RAPPORT_MAX_DEPTH', description: 'Deepest nesting of objects and arrays in an event', default: '32', parse: integer(2, 256) },
  { key: 'dedupWindowHours', name: 'RAPPORT_DEDUP_WINDOW_HOURS', description: 'How long a messageId is remembered (at least 24)', default: '48', parse: integer(24, 24 * 365) },
  { key: 'rateLimitPerSecond', name: 'RAPPORT_RATE_LIMIT_PER_SECOND', description: 'Ingestion requests per second per write key; 0 turns the limit off', default: '1000', parse: integer(0, 1_000_000) },
  { key: 'futureToleranceSeconds', name: 'RAPPORT_FUTURE_TOLERANCE_SECONDS', description: 'Events later than this after receipt are flagged future_timestamp', default: '86400', parse: integer(0, 365 * 86400) },
  { key: 'oldEventDays', name: 'RAPPORT_OLD_EVENT_DAYS', description: 'Events older than this at receipt are flagged old_timestamp (imports are not)', default: '365', parse: integer(1, 36500) },
  { key: 'locationDecimals', name: 'RAPPORT_LOCATION_DECIMALS', description: 'Decimal places of latitude and longitude kept (2 ≈ 1.1 km)', default: '2', parse: integer(0, 5) },
  { key: 'maintenanceIntervalMinutes', name: 'RAPPORT_MAINTENANCE_INTERVAL_MINUTES', description: 'How often retention and pruning run', default: '60', parse: integer(1, 7 * 24 * 60) },
  { key: 'recsTrainHours', name: 'RAPPORT_RECS_TRAIN_HOURS', description: 'How often recommendation models are trained again when newer orders came', default: '24', parse: integer(1, 24 * 90) },
  { key: 'recsTestDays', name: 'RAPPORT_RECS_TEST_DAYS', description: 'Days of orders held out to measure each new model version offline', default: '30', parse: integer(1, 365) },
  { key: 'sessionIdleMinutes', name: 'RAPPORT_SESSION_IDLE_MINUTES', description: 'A dashboard session ends after this many minutes without a request', default: '480', parse: integer(5, 7 * 24 * 60) },
  { key: 'sessionMaxDays', name: 'RAPPORT_SESSION_MAX_DAYS', description: 'A dashboard session ends this many days after the login, active or not', default: '7', parse: integer(1, 90) },
  { key: 'invitationDays', name: 'RAPPORT_INVITATION_DAYS', description: 'How long an invitation link can be accepted', default: '7', parse: integer(1, 90) },
  { key: 'auditRetentionDays', name: 'RAPPORT_AUDIT_RETENTION_DAYS', description: 'Audit log entries are deleted after this many days', default: '365', parse: integer(1, 36_500) },
  {
    key: 'cookieSecure',
    name: 'RAPPORT_COOKIE_SECURE',
    description: 'When session cookies are marked Secure (sent over https only): auto (when the request came over https, or RAPPORT_PUBLIC_URL is https), always, never',
    default: 'auto',
    parse: oneOf(cookieSecurities),
  },
  { key: 'shutdownTimeoutSeconds', name: 'RAPPORT_SHUTDOWN_TIMEOUT_SECONDS', description: 'How long a graceful shutdown may take before the process exits anyway', default: '30', parse: integer(1, 3600) },
];

/** Variables that are not configuration: read by the test suites only. */
const ignoredPrefixes = ['RAPPORT_TEST_'];

function closest(name: string, candidates: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const d = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = d[0]!;
      d[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const tmp = d[j]!;
        d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = tmp;
      }
    }
    return d[b.length]!;
  };
  const best = candidates.map((c) => [c, distance(name, c)] as const).sort((x, y) => x[1] - y[1])[0];
  return best !== undefined && best[1] <= 3 ? best[0] : undefined;
}

/**
 * Reads the configuration from `env`. Every problem is reported at once — invalid values and unknown RAPPORT_*
 * variables (a typo would otherwise be silently ignored) — and the result is frozen.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Result<Config, string[]> {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const v of variables) {
    const raw = env[v.name] ?? v.default;
    if (raw === undefined || raw === '') {
      values[v.key] = undefined;
      continue;
    }
    const parsed = v.parse(raw);
    if ('problem' in parsed) problems.push(`${v.name}=${JSON.stringify(v.key === 'databaseUrl' || v.key.endsWith('Key') ? '…' : raw)}: ${parsed.problem}`);
    else values[v.key] = parsed.value;
  }
  const known = variables.map((v) => v.name);
  for (const name of Object.keys(env)) {
    if (!name.startsWith('RAPPORT_') || known.includes(name) || ignoredPrefixes.some((p) => name.startsWith(p))) continue;
    const hint = closest(name, known);
    problems.push(`${name}: not a Rapport setting${hint === undefined ? '' : ` (did you mean ${hint}?)`}`);
  }
  if (problems.length > 0) return err(problems);
  return ok(Object.freeze(values as unknown as Config));
}
