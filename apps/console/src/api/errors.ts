import { messageOf } from '../i18n/errors';

/**
 * A refusal of the API, as `{ error: { code, message, details } }` carries it. The console shows
 * `message` (Indonesian, from the code) next to the field or action it concerns; `fields` names the
 * form fields it is about, from the API's `details.field` / `details.fields[].path`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly serverMessage: string,
    readonly details: Record<string, unknown>,
  ) {
    super(messageOf(code));
    this.name = 'ApiError';
  }

  /** The form fields the refusal names (dotted paths, as the request body's), the first first. */
  get fields(): string[] {
    const d = this.details;
    const out: string[] = [];
    if (typeof d.field === 'string') out.push(d.field);
    if (Array.isArray(d.fields))
      for (const f of d.fields)
        if (f && typeof f === 'object' && typeof (f as { path?: unknown }).path === 'string') out.push((f as { path: string }).path);
    return out;
  }
}

/** No answer at all: the network, or the server down. */
export const NETWORK_ERROR = 'NETWORK_ERROR';

/** The error of an answer that is not 2xx, whatever its body holds. */
export function apiErrorOf(status: number, body: unknown): ApiError {
  const e = body && typeof body === 'object' ? (body as { error?: unknown }).error : undefined;
  if (e && typeof e === 'object') {
    const { code, message, details } = e as { code?: unknown; message?: unknown; details?: unknown };
    if (typeof code === 'string')
      return new ApiError(
        status,
        code,
        typeof message === 'string' ? message : '',
        details && typeof details === 'object' ? (details as Record<string, unknown>) : {},
      );
  }
  return new ApiError(status, status >= 500 ? 'INTERNAL' : 'BAD_REQUEST', `HTTP ${status}`, {});
}
