import { isErrorCode } from '@rapport/contracts';
import { ApiError, type ApiErrorDetail } from './api-error.js';
import { apiRoutes, type EndpointName, type Endpoints } from './routes.js';

/** What a call takes: the endpoint's path parameters, query and body, each only where it has them. */
export type CallInput<K extends EndpointName> = Omit<Endpoints[K], 'answer'>;

type Answer<K extends EndpointName> = Endpoints[K]['answer'];

/** Calls that need no input can leave it out. */
type CallArgs<K extends EndpointName> = keyof CallInput<K> extends never ? [input?: CallInput<K>] : [input: CallInput<K>];

export interface ApiClientOptions {
  /** Defaults to the page's fetch. */
  readonly fetch?: typeof fetch;
  /** Where the API is, when not on the page's origin (tests). */
  readonly baseUrl?: string;
  /** Reads the CSRF token cookie (rapport_csrf) when no session answer gave one yet; the page's cookies by default. */
  readonly readCsrfCookie?: () => string | undefined;
  /** Told of every 401 without a session: it ended (idle, logged out elsewhere, the user removed) or never began. */
  readonly onSessionEnded?: () => void;
}

function csrfFromDocument(): string | undefined {
  if (typeof document === 'undefined') return undefined;
  const match = /(?:^|;\s*)rapport_csrf=([^;]+)/.exec(document.cookie);
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
}

function isSession(value: unknown): value is { csrfToken: string } {
  return typeof value === 'object' && value !== null && typeof (value as { csrfToken?: unknown }).csrfToken === 'string';
}

/** `/api/v1/users/{id}` with `{ id: 'u 1' }` → `/api/v1/users/u%201`. */
export function fillPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${template}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
}

function queryString(query: object | undefined): string {
  if (query === undefined) return '';
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * The one way the dashboard talks to the server: same-origin requests with the session cookie, JSON both ways, the
 * session's CSRF token on every change, and error answers turned into an `ApiError` whose details forms show next to
 * their fields.
 */
export class ApiClient {
  private csrfToken: string | undefined;
  private readonly options: ApiClientOptions;

  constructor(options: ApiClientOptions = {}) {
    this.options = options;
  }

  /** Calls the endpoint `name` (see routes.ts) and resolves with its answer, or rejects with an `ApiError`. */
  async call<K extends EndpointName>(name: K, ...[input]: CallArgs<K>): Promise<Answer<K>> {
    const route = apiRoutes[name];
    const { params, query, body } = (input ?? {}) as { params?: Record<string, string>; query?: object; body?: object };
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (route.method !== 'GET') {
      const csrf = this.csrfToken ?? (this.options.readCsrfCookie ?? csrfFromDocument)();
      if (csrf !== undefined) headers['x-csrf-token'] = csrf;
    }
    const url = `${this.options.baseUrl ?? ''}${fillPath(route.path, params)}${queryString(query)}`;
    let res: Response;
    try {
      res = await (this.options.fetch ?? globalThis.fetch)(url, {
        method: route.method,
        credentials: 'same-origin',
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new ApiError({ status: 0, code: 'ERR_CLIENT_NETWORK', message: 'Rapport could not be reached. Check that it is running, then try again.' });
    }
    if (res.status === 204) return null as Answer<K>;
    const parsed: unknown = await res.json().catch(() => undefined);
    if (!res.ok) throw this.errorOf(res, parsed);
    if (parsed === undefined) throw new ApiError({ status: res.status, code: 'ERR_CLIENT_BAD_ANSWER', message: `The server answered ${res.status} without JSON.` });
    if (isSession(parsed)) this.csrfToken = parsed.csrfToken;
    if (name === 'logout') this.csrfToken = undefined;
    return parsed as Answer<K>;
  }

  /** Forgets the CSRF token of a session that ended. */
  forgetSession(): void {
    this.csrfToken = undefined;
  }

  private errorOf(res: Response, body: unknown): ApiError {
    const answer = (typeof body === 'object' && body !== null ? body : {}) as { code?: unknown; message?: unknown; details?: unknown; requestId?: unknown };
    if (typeof answer.code !== 'string' || !isErrorCode(answer.code)) {
      return new ApiError({ status: res.status, code: 'ERR_CLIENT_BAD_ANSWER', message: `The server answered ${res.status} ${res.statusText}.`.replace(/ \.$/, '.') });
    }
    const details: ApiErrorDetail[] = Array.isArray(answer.details)
      ? answer.details.filter((d): d is ApiErrorDetail => typeof d === 'object' && d !== null && typeof (d as ApiErrorDetail).path === 'string' && typeof (d as ApiErrorDetail).message === 'string')
      : [];
    if (res.status === 401 && (answer.code === 'ERR_AUTH_NO_SESSION' || answer.code === 'ERR_AUTH_MISSING_KEY')) {
      this.csrfToken = undefined;
      this.options.onSessionEnded?.();
    }
    return new ApiError({
      status: res.status,
      code: answer.code,
      message: typeof answer.message === 'string' ? answer.message : answer.code,
      details,
      requestId: typeof answer.requestId === 'string' ? answer.requestId : undefined,
    });
  }
}
