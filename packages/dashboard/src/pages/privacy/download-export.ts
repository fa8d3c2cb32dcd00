import { isErrorCode } from '@rapport/contracts';
import { ApiError, apiRoutes, fillPath } from '../../api/index.js';
import type { SubjectLookup } from '../../api/areas/privacy-routes.js';

/**
 * Downloads a person's export (GET /api/v1/subjects/{id}/export) as the file the API names. The API client reads JSON
 * answers only, and the CSV export is not one: this fetches the file itself, with the same session cookie, and turns
 * an error answer into the client's `ApiError` so that forms show it like any other.
 */
export async function downloadExport(options: {
  id: string;
  by: SubjectLookup;
  format: 'json' | 'csv';
}): Promise<void> {
  const query = new URLSearchParams({ format: options.format, by: options.by });
  const url = `${fillPath(apiRoutes.subjectExport.path, { id: options.id })}?${query.toString()}`;
  let res: Response;
  try {
    res = await fetch(url, {
      credentials: 'same-origin',
      headers: { accept: options.format === 'csv' ? 'text/csv, application/json' : 'application/json' },
    });
  } catch {
    throw new ApiError({
      status: 0,
      code: 'ERR_CLIENT_NETWORK',
      message: 'Rapport could not be reached. Check that it is running, then try again.',
    });
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as {
      code?: unknown;
      message?: unknown;
      details?: unknown;
    };
    if (typeof body.code !== 'string' || !isErrorCode(body.code))
      throw new ApiError({
        status: res.status,
        code: 'ERR_CLIENT_BAD_ANSWER',
        message: `The server answered ${res.status}.`,
      });
    throw new ApiError({
      status: res.status,
      code: body.code,
      message: typeof body.message === 'string' ? body.message : body.code,
      details: Array.isArray(body.details) ? body.details : [],
    });
  }
  const name =
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ??
    `rapport-export.${options.format}`;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await res.blob());
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; the object URL can go on the next turn.
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
}
