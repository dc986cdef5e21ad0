import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { apiErrorOf, ApiError, NETWORK_ERROR } from './errors';
import { expire, validToken } from '../session/session';

/**
 * The API client, typed by the OpenAPI document (schema.d.ts is generated from it by
 * scripts/console-api.ts): a path, a parameter or a body that the API does not take does not compile.
 */
export const api = createClient<paths>({ baseUrl: '' });

// Answered without an account: sign-in, the public's feedback, and the public verification of a rekap.
const PUBLIC = /^\/api\/v1\/(session|public-feedback|public)(\/|$)/;

const auth: Middleware = {
  onRequest({ request }) {
    if (PUBLIC.test(new URL(request.url).pathname)) return request;
    const token = validToken();
    if (!token) {
      // Expired by the browser's clock: no request that would be refused anyway.
      expire(location.pathname + location.search);
      throw new ApiError(401, 'TOKEN_EXPIRED', 'the token has expired', {});
    }
    request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !PUBLIC.test(new URL(request.url).pathname)) expire(location.pathname + location.search);
    return response;
  },
};
api.use(auth);

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The answer's data, or its refusal as an ApiError (a network failure is NETWORK_ERROR). */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  let r: Answer<T>;
  try {
    r = await call;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(0, NETWORK_ERROR, String(e), {});
  }
  if (!r.response.ok) throw apiErrorOf(r.response.status, r.error);
  return r.data as T;
}

/** A command's headers: the key that makes a resend (a retry after a lost answer) append nothing twice. */
export function commandHeaders(idempotencyKey: string, ifMatch?: number): Record<string, string> {
  return { 'Idempotency-Key': idempotencyKey, ...(ifMatch !== undefined ? { 'If-Match': String(ifMatch) } : {}) };
}
