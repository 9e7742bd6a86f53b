/**
 * Graph's error responses as TwinErrors: the provider code is Graph's `error.code`, or the errorCode
 * nested as JSON in roleManagement's `UnknownError` message, so runs and connection tests show the code
 * an admin can look up.
 */
import { TwinError, type TwinErrorCode } from '../../errors.js';
import type { GraphErrorBody } from './graph-types.js';

/** Codes meaning "the tenant lacks a licence", whatever HTTP status Graph chose for them. */
const LICENCE_CODES = new Set(['Authentication_RequestFromNonPremiumTenantOrB2CTenant', 'AadPremiumLicenseRequired']);

export const EXPIRED_PAGE_TOKEN = 'Directory_ExpiredPageToken';

export interface ParsedGraphError {
  code: string | undefined;
  message: string | undefined;
}

/** Reads `{error:{code,message}}` from a parsed or raw body; unwraps `UnknownError` JSON messages. */
export function parseGraphError(body: unknown): ParsedGraphError {
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return { code: undefined, message: body.trim().slice(0, 200) || undefined };
    }
  }
  const error = (parsed as GraphErrorBody | null)?.error;
  if (!error || typeof error !== 'object') return { code: undefined, message: undefined };
  let code = typeof error.code === 'string' ? error.code : undefined;
  let message = typeof error.message === 'string' ? error.message : undefined;
  if (message?.trimStart().startsWith('{')) {
    try {
      const inner = JSON.parse(message) as { errorCode?: unknown; message?: unknown };
      if (typeof inner.errorCode === 'string') code = inner.errorCode;
      if (typeof inner.message === 'string') message = inner.message;
    } catch {
      // Not JSON after all: keep Graph's message as it is.
    }
  }
  return { code, message };
}

function twinCode(status: number, providerCode: string | undefined): TwinErrorCode {
  if (providerCode && LICENCE_CODES.has(providerCode)) return 'UPSTREAM_LICENSE_REQUIRED';
  if (status === 401) return 'UPSTREAM_AUTH_FAILED';
  if (status === 403) return 'UPSTREAM_PERMISSION_DENIED';
  if (status === 404 || status === 410) return 'UPSTREAM_NOT_FOUND';
  if (status === 429) return 'UPSTREAM_THROTTLED';
  if (status >= 500) return 'UPSTREAM_UNAVAILABLE';
  return 'UPSTREAM_BAD_RESPONSE';
}

/** `what` names the request, e.g. "GET /users". */
export function graphError(status: number, body: unknown, what: string): TwinError {
  const { code, message } = parseGraphError(body);
  const text = `${what}: Microsoft Graph answered HTTP ${status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`;
  return new TwinError(twinCode(status, code), text, {
    ...(code ? { providerCode: code } : {}),
    details: { status },
  });
}

export function providerCodeOf(err: unknown): string | undefined {
  return err instanceof TwinError ? err.providerCode : undefined;
}

export function statusOf(err: unknown): number | undefined {
  if (!(err instanceof TwinError)) return undefined;
  const s = err.details?.status;
  return typeof s === 'number' ? s : undefined;
}
