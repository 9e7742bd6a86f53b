/**
 * App-only access tokens: minted by the simulated token endpoint, checked by the simulated
 * Graph. HS256 with a per-simulator random key is enough because only this process verifies
 * them; the claims mirror a real Graph app token (tid, appid, roles, idtyp=app).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import { graphErrors } from './graph-error.js';

/** Microsoft Graph's application id: a token audience Graph accepts besides its URL. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export interface AppTokenClaims {
  tid: string;
  appid: string;
  aud: string;
  /** Granted application permissions; absent when none were consented. */
  roles?: string[];
  exp: number;
}

export interface MintOptions {
  tenantId: string;
  clientId: string;
  audience: string;
  roles: readonly string[];
  /** Object id of the client's service principal in the tenant, when it has one. */
  servicePrincipalId?: string;
  nowMs: number;
  lifetimeSeconds: number;
}

export class AccessTokenService {
  private readonly key = new Uint8Array(randomBytes(32));

  async mint(opts: MintOptions): Promise<string> {
    const iat = Math.floor(opts.nowMs / 1000);
    const subject = opts.servicePrincipalId ?? opts.clientId;
    const payload: Record<string, unknown> = {
      aud: opts.audience,
      iss: `https://sts.windows.net/${opts.tenantId}/`,
      idp: `https://sts.windows.net/${opts.tenantId}/`,
      tid: opts.tenantId,
      appid: opts.clientId,
      appidacr: '1',
      idtyp: 'app',
      oid: subject,
      sub: subject,
      uti: randomUUID(),
      ver: '1.0',
    };
    // A token without consented permissions has no roles claim at all, not an empty one.
    if (opts.roles.length > 0) payload.roles = [...opts.roles];
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + opts.lifetimeSeconds)
      .sign(this.key);
  }

  /**
   * Validates an `Authorization` header the way Graph reports failures: 401
   * InvalidAuthenticationToken with one of Graph's messages.
   */
  async verify(authorization: string | undefined, audiences: readonly string[], nowMs: number): Promise<AppTokenClaims> {
    const match = /^Bearer\s+(\S*)\s*$/i.exec(authorization ?? '');
    const token = match?.[1] ?? '';
    if (token === '') throw graphErrors.invalidToken('Access token is empty.');
    if (!token.includes('.')) {
      throw graphErrors.invalidToken(
        "IDX14100: JWT is not well formed, there are no dots (.).\nThe token needs to be in JWS or JWE Compact Serialization Format. (JWS): 'EncodedHeader.EndcodedPayload.EncodedSignature'. (JWE): 'EncodedProtectedHeader.EncodedEncryptedKey.EncodedInitializationVector.EncodedCiphertext.EncodedAuthenticationTag'.",
      );
    }
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], currentDate: new Date(nowMs) }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw graphErrors.invalidToken('Access token has expired or is not yet valid.');
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') {
        throw graphErrors.invalidToken('Access token has expired or is not yet valid.');
      }
      throw graphErrors.invalidToken('Access token validation failure.');
    }
    const aud = payload.aud;
    if (typeof aud !== 'string' || !audiences.some((a) => a.toLowerCase() === aud.toLowerCase())) {
      throw graphErrors.invalidToken('Access token validation failure. Invalid audience.');
    }
    const { tid, appid, roles, exp } = payload;
    if (typeof tid !== 'string' || typeof appid !== 'string' || typeof exp !== 'number') {
      throw graphErrors.invalidToken('Access token validation failure.');
    }
    const claims: AppTokenClaims = { tid, appid, aud, exp };
    if (Array.isArray(roles)) claims.roles = roles.filter((r): r is string => typeof r === 'string');
    return claims;
  }
}
