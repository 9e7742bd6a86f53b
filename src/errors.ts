/**
 * Errors a user can cause or act on. Each carries a stable code that ends up in GraphQL's
 * `extensions.code`; messages never contain secrets.
 */
export type TwinErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_CONFIGURED'
  | 'UPSTREAM_AUTH_FAILED'
  | 'UPSTREAM_PERMISSION_DENIED'
  | 'UPSTREAM_LICENSE_REQUIRED'
  | 'UPSTREAM_THROTTLED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'UPSTREAM_NOT_FOUND'
  | 'DATABASE_UNAVAILABLE'
  | 'QUERY_TOO_COMPLEX'
  | 'QUERY_TIMEOUT'
  | 'INTERNAL';

export class TwinError extends Error {
  readonly code: TwinErrorCode;
  /** The provider's own error code (Authorization_RequestDenied, AADSTS7000215, E0000011...). */
  readonly providerCode: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: TwinErrorCode,
    message: string,
    opts: { providerCode?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'TwinError';
    this.code = code;
    this.providerCode = opts.providerCode;
    this.details = opts.details;
  }
}

export function badInput(message: string, field?: string): TwinError {
  return new TwinError('BAD_USER_INPUT', message, field ? { details: { field } } : {});
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
