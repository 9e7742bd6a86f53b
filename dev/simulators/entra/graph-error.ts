/**
 * Graph's error responses: one exception type the request pipeline throws, and the catalogue of
 * the exact codes and messages the real service sends (see the reference's error catalogue), so
 * connectors are tested against the strings they will meet in production.
 */

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    /** Extra `innerError` members, e.g. Graph's 429 carries code/status/message there. */
    readonly innerError: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

export interface RequestIds {
  requestId: string;
  clientRequestId: string;
}

/** `innerError.date` has no trailing Z in real responses. */
export function innerErrorDate(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 19);
}

export function graphErrorBody(error: GraphError, ids: RequestIds, nowMs: number): object {
  return {
    error: {
      code: error.code,
      message: error.message,
      innerError: {
        ...error.innerError,
        date: innerErrorDate(nowMs),
        'request-id': ids.requestId,
        'client-request-id': ids.clientRequestId,
      },
    },
  };
}

export const graphErrors = {
  insufficientPrivileges: () =>
    new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
  auditLogPermissionMissing: () =>
    new GraphError(
      403,
      'Authentication_MSGraphPermissionMissing',
      'Calling principal does not have required MSGraph permissions AuditLog.Read.All',
    ),
  nonPremiumTenant: () =>
    new GraphError(
      403,
      'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
      "Neither tenant is B2C or tenant doesn't have premium license",
    ),
  policyScopesMissing: () =>
    new GraphError(403, 'AccessDenied', 'You cannot perform the requested operation, required scopes are missing in the token.'),
  premiumP2Required: () =>
    new GraphError(
      400,
      'AadPremiumLicenseRequired',
      'The tenant needs to have Microsoft Entra ID P2 or Microsoft Entra ID Governance license.',
    ),
  notFound: (id: string) =>
    new GraphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    ),
  unknownSegment: (segment: string) =>
    new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`),
  badRequest: (message: string) => new GraphError(400, 'Request_BadRequest', message),
  unsupportedQuery: (message = 'Unsupported Query.') => new GraphError(400, 'Request_UnsupportedQuery', message),
  unknownProperty: (name: string, odataType: string) =>
    new GraphError(400, 'Request_BadRequest', `Could not find a property named '${name}' on type 'microsoft.graph.${odataType}'.`),
  notImplemented: () => new GraphError(501, 'NotImplemented', 'This operation target is not yet supported.'),
  countWithoutConsistencyLevel: () => new GraphError(400, 'Request_BadRequest', '$count is not currently supported.'),
  skipNotSupported: () => new GraphError(400, 'Request_BadRequest', "'$skip' is not supported by the service."),
  invalidPageSize: (top: string, max: number) =>
    new GraphError(400, 'Request_BadRequest', `Invalid page size specified: '${top}'. Must be between 1 and ${max} inclusive.`),
  expiredPageToken: () =>
    new GraphError(
      400,
      'Directory_ExpiredPageToken',
      'The specified page token value has expired and can no longer be included in your request.',
    ),
  invalidPageToken: () => new GraphError(400, 'Request_BadRequest', 'Unable to read the page token, or it does not belong to this request.'),
  methodNotAllowed: () => new GraphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.'),
  tooManyRequests: (retryAfterSeconds: number | undefined, extraHeaders: Record<string, string> = {}) =>
    new GraphError(
      429,
      'TooManyRequests',
      'Please retry again later.',
      retryAfterSeconds === undefined ? extraHeaders : { ...extraHeaders, 'Retry-After': String(retryAfterSeconds) },
      { code: '429', status: '429', message: 'Please retry after' },
    ),
  invalidToken: (message: string) =>
    new GraphError(401, 'InvalidAuthenticationToken', message, { 'WWW-Authenticate': 'Bearer realm="", error="invalid_token"' }),
} as const;

/** Default code and message for `faults.status(...)` when the test names only a status. */
export function defaultErrorFor(status: number): { code: string; message: string } {
  switch (status) {
    case 400: return { code: 'BadRequest', message: 'Bad request.' };
    case 401: return { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' };
    case 403: return { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' };
    case 404: return { code: 'Request_ResourceNotFound', message: 'Resource does not exist.' };
    case 429: return { code: 'TooManyRequests', message: 'Please retry again later.' };
    case 502: return { code: 'BadGateway', message: 'Bad gateway.' };
    case 503: return { code: 'ServiceNotAvailable', message: 'The service is temporarily unavailable. Please retry later.' };
    case 504: return { code: 'GatewayTimeout', message: 'The gateway did not receive a timely response.' };
    default: return { code: status >= 500 ? 'InternalServerError' : 'BadRequest', message: 'An error occurred.' };
  }
}
