/**
 * Okta's two error shapes: the Management API's `{errorCode, errorSummary, …}` and the
 * authorization server's OAuth `{error, error_description}`.
 */
import { randomId } from './ids.js';

export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: Array<{ errorSummary: string }>;
}

export interface OAuthErrorBody {
  error: string;
  error_description: string;
}

/** Summaries as Okta words them (reference §9). */
export const OKTA_ERROR_SUMMARIES: Readonly<Record<string, string>> = {
  E0000001: 'Api validation failed',
  E0000004: 'Authentication failed',
  E0000005: 'Invalid session',
  E0000006: 'You do not have permission to perform the requested action',
  E0000007: 'Not found',
  E0000009: 'Internal Server Error',
  E0000011: 'Invalid token provided',
  E0000015: 'You do not have permission to access the feature you are requesting',
  E0000022: 'The endpoint does not support the provided HTTP method',
  E0000031: 'Invalid search criteria.',
  E0000047: 'API call exceeded rate limit due to too many requests.',
  E0000053: 'Invalid SCIM filter',
  E0000054: 'Invalid pagination properties.',
};

export function oktaErrorBody(errorCode: string, errorSummary?: string, causes: string[] = []): OktaErrorBody {
  return {
    errorCode,
    errorSummary: errorSummary ?? OKTA_ERROR_SUMMARIES[errorCode] ?? 'Error',
    errorLink: errorCode,
    errorId: `oae${randomId(22)}`,
    errorCauses: causes.map((errorSummary) => ({ errorSummary })),
  };
}

/**
 * Thrown by handlers and auth checks; the server turns it into a response. Keeping the status,
 * body and extra headers together means no code path can send a body without its headers.
 */
export class SimulatorHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: OktaErrorBody | OAuthErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super('errorSummary' in body ? `${body.errorCode}: ${body.errorSummary}` : `${body.error}: ${body.error_description}`);
  }
}

export function oktaError(status: number, errorCode: string, errorSummary?: string, causes?: string[]): SimulatorHttpError {
  return new SimulatorHttpError(status, oktaErrorBody(errorCode, errorSummary, causes));
}

export function notFound(id: string, kind: string): SimulatorHttpError {
  return oktaError(404, 'E0000007', `Not found: Resource not found: ${id} (${kind})`);
}

export function validationFailed(field: string, cause: string): SimulatorHttpError {
  return oktaError(400, 'E0000001', `Api validation failed: ${field}`, [`${field}: ${cause}`]);
}

export function oauthError(
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): SimulatorHttpError {
  return new SimulatorHttpError(status, { error, error_description: description }, headers);
}
