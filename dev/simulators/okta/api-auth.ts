/**
 * Who is calling the Management API and whether they may read what they ask for: an SSWS API
 * token, or an OAuth access token (Bearer or DPoP) from the org authorization server.
 */
import type { OrgAuthorizationServer } from './authorization-server.js';
import { SimulatorHttpError, oktaError, oktaErrorBody } from './errors.js';
import type { ApiTokenFixture } from './fixture.js';

export type Caller =
  | { kind: 'ssws'; scopes: readonly string[] | undefined }
  | { kind: 'oauth'; scheme: 'Bearer' | 'DPoP'; clientId: string; scopes: readonly string[] };

export interface ApiRequestAuth {
  authorization: string | undefined;
  dpop: string | undefined;
  method: string;
  /** The request URL on the org's origin, without its query. */
  htu: string;
}

export async function authenticateCaller(
  request: ApiRequestAuth,
  apiTokens: readonly ApiTokenFixture[],
  authorizationServer: OrgAuthorizationServer,
): Promise<Caller> {
  const match = /^(\S+)\s+(\S+)\s*$/.exec(request.authorization ?? '');
  const scheme = match?.[1]?.toLowerCase();
  const credential = match?.[2] ?? '';
  if (scheme === 'ssws') {
    const token = apiTokens.find((candidate) => candidate.token === credential);
    if (!token) throw oktaError(401, 'E0000011', 'Invalid token provided');
    return { kind: 'ssws', scopes: token.scopes };
  }
  if (scheme === 'bearer' || scheme === 'dpop') {
    const oauthScheme = scheme === 'bearer' ? 'Bearer' : 'DPoP';
    const principal = await authorizationServer.authenticate(oauthScheme, credential, {
      method: request.method,
      htu: request.htu,
      dpopProof: request.dpop,
    });
    return { kind: 'oauth', scheme: oauthScheme, ...principal };
  }
  throw oktaError(401, 'E0000011', 'Invalid token provided');
}

/** Okta's `.manage` scopes include the matching `.read`. */
function grants(scopes: readonly string[], required: string): boolean {
  return scopes.includes(required) || (required.endsWith('.read') && scopes.includes(required.replace(/\.read$/, '.manage')));
}

export function requireScope(caller: Caller, required: string, pathname: string, orgUrl: string): void {
  if (caller.kind === 'ssws') {
    if (caller.scopes === undefined || grants(caller.scopes, required)) return;
    throw oktaError(403, 'E0000006', 'You do not have permission to perform the requested action');
  }
  if (grants(caller.scopes, required)) return;
  const challenge =
    `${caller.scheme} authorization_uri="${orgUrl}/oauth2/v1/authorize", realm="${orgUrl}", scope="${required}", ` +
    `error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", ` +
    `resource="${pathname}"`;
  throw new SimulatorHttpError(403, oktaErrorBody('E0000006', 'You do not have permission to perform the requested action'), {
    'www-authenticate': challenge,
  });
}
