/**
 * Coded errors. Every refusal in kinerja carries a stable code; one table maps the code's
 * category to an HTTP status so the API, the CLI and the tests agree on what a code means.
 */
export type ErrorCategory =
  | 'BAD_INPUT' // 400: the request itself is malformed
  | 'UNAUTHENTICATED' // 401
  | 'FORBIDDEN' // 403
  | 'NOT_FOUND' // 404
  | 'CONFLICT' // 409: concurrency or state conflict
  | 'RULE' // 422: well-formed, but a business rule refuses it
  | 'TOO_LARGE' // 413
  | 'RATE_LIMITED' // 429
  | 'UNAVAILABLE'; // 503: a dependency is down (never caused by input)

export const httpStatusOf: Record<ErrorCategory, number> = {
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RULE: 422,
  TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

export class KinerjaError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly category: ErrorCategory = 'RULE',
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'KinerjaError';
  }

  get httpStatus(): number {
    return httpStatusOf[this.category];
  }

  toJSON() {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** A business rule refused the command (422 unless a category is given). */
export function domainError(
  code: string,
  details: Record<string, unknown> = {},
  message?: string,
  category: ErrorCategory = 'RULE',
): KinerjaError {
  return new KinerjaError(code, message ?? humanise(code), category, details);
}

export function badInput(code: string, message: string, details: Record<string, unknown> = {}) {
  return new KinerjaError(code, message, 'BAD_INPUT', details);
}

export function notFound(code: string, message: string, details: Record<string, unknown> = {}) {
  return new KinerjaError(code, message, 'NOT_FOUND', details);
}

export function conflict(code: string, message: string, details: Record<string, unknown> = {}) {
  return new KinerjaError(code, message, 'CONFLICT', details);
}

export function forbidden(code: string, message: string, details: Record<string, unknown> = {}) {
  return new KinerjaError(code, message, 'FORBIDDEN', details);
}

export function isKinerjaError(e: unknown): e is KinerjaError {
  return e instanceof KinerjaError;
}

function humanise(code: string): string {
  const s = code.toLowerCase().replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
