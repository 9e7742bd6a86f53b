/**
 * The org authorization server: `POST /oauth2/v1/token` for service apps (client credentials with
 * a private_key_jwt assertion, optionally DPoP-bound) and the checks of the access tokens it mints.
 *
 * Access tokens are HS256 JWTs under a per-simulator key: nobody but the simulator needs to read
 * them, and a generation counter lets `revokeToken()` invalidate all of them at once.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { SignJWT, createLocalJWKSet, decodeJwt, errors as joseErrors, jwtVerify } from 'jose';
import type { ServiceAppFixture } from './fixture.js';
import { DpopProofError, accessTokenHash, verifyDpopProof } from './dpop.js';
import type { VerifiedProof } from './dpop.js';
import { ASYMMETRIC_ALGORITHMS } from './dpop.js';
import { oauthError, oktaError } from './errors.js';
import type { SimulatorHttpError } from './errors.js';
import { randomId } from './ids.js';
import { ReplayCache } from './replay-cache.js';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ACCESS_TOKEN_SECONDS = 3600;
const MAX_ASSERTION_LIFETIME_SECONDS = 3600;
/** Okta rotates its DPoP nonce every 24 h and accepts one for 3 days. */
const NONCE_ROTATION_MS = 24 * 3600_000;

export interface TokenResponse {
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
  access_token: string;
  scope: string;
}

export interface OAuthPrincipal {
  clientId: string;
  scopes: string[];
}

export interface ResourceRequest {
  method: string;
  /** Absolute URL of the request without its query: what a proof's `htu` must equal. */
  htu: string;
  dpopProof: string | undefined;
}

interface AccessTokenClaims extends JWTPayload {
  scp?: unknown;
  cid?: unknown;
  gen?: unknown;
  cnf?: { jkt?: unknown };
}

function invalidClient(description: string): SimulatorHttpError {
  return oauthError(401, 'invalid_client', description);
}

function invalidToken(): SimulatorHttpError {
  return oktaError(401, 'E0000011', 'Invalid token provided');
}

function dpopChallenge(description: string): Record<string, string> {
  return {
    'www-authenticate': `DPoP algs="${ASYMMETRIC_ALGORITHMS.join(' ')}", error="invalid_dpop_proof", error_description="${description}"`,
  };
}

export class OrgAuthorizationServer {
  readonly tokenUrl: string;
  private readonly signingKey = new Uint8Array(randomBytes(32));
  private generation = 0;
  private readonly assertionJtis: ReplayCache;
  private readonly proofJtis: ReplayCache;
  private nonces: Array<{ value: string; issuedAt: number }> = [];

  constructor(
    private readonly orgUrl: string,
    private readonly serviceApps: () => readonly ServiceAppFixture[],
    private readonly now: () => number,
  ) {
    this.tokenUrl = `${orgUrl}/oauth2/v1/token`;
    this.assertionJtis = new ReplayCache(now);
    this.proofJtis = new ReplayCache(now);
  }

  /** All tokens issued so far stop working. */
  revokeAll(): void {
    this.generation += 1;
  }

  /** Handles a token request's form body; throws the OAuth error to send back. */
  async token(form: URLSearchParams, dpopHeader: string | undefined): Promise<TokenResponse> {
    const grantType = form.get('grant_type');
    if (!grantType) throw oauthError(400, 'invalid_request', "The 'grant_type' parameter is required.");
    if (grantType !== 'client_credentials') {
      throw oauthError(400, 'unsupported_grant_type', `The authorization grant type is not supported by the authorization server: ${grantType}.`);
    }

    const { app, assertionJti, assertionExp } = await this.authenticateClient(form);

    let proof: VerifiedProof | undefined;
    if (dpopHeader !== undefined || app.requireDpop) {
      if (!dpopHeader) throw oauthError(400, 'invalid_dpop_proof', 'The DPoP proof JWT header is missing.');
      proof = await this.verifyTokenProof(dpopHeader);
    }

    const requested = (form.get('scope') ?? '').split(' ').filter(Boolean);
    if (requested.length === 0) {
      throw oauthError(400, 'invalid_scope', "The authorization server resource does not have any configured default scopes, 'scope' must be provided.");
    }
    const notGranted = requested.filter((scope) => !app.grantedScopes.includes(scope));
    if (notGranted.length > 0) {
      throw oauthError(400, 'invalid_scope', `The following scopes are not allowed: ${notGranted.join(', ')}`);
    }

    if (assertionJti !== undefined) this.assertionJtis.use(assertionJti, assertionExp * 1000);
    if (proof) this.proofJtis.use(proof.jti, proof.jtiExpiresAt);
    return {
      token_type: proof ? 'DPoP' : 'Bearer',
      expires_in: ACCESS_TOKEN_SECONDS,
      access_token: await this.mint(app.clientId, requested, proof?.jkt),
      scope: requested.join(' '),
    };
  }

  /**
   * Checks an access token presented to the Management API with its scheme (and DPoP proof).
   * Returns who is calling with which scopes; throws the Okta error to send back.
   */
  async authenticate(scheme: 'Bearer' | 'DPoP', accessToken: string, request: ResourceRequest): Promise<OAuthPrincipal> {
    let claims: AccessTokenClaims;
    try {
      ({ payload: claims } = await jwtVerify<AccessTokenClaims>(accessToken, this.signingKey, {
        algorithms: ['HS256'],
        issuer: this.orgUrl,
        audience: this.orgUrl,
        currentDate: new Date(this.now()),
      }));
    } catch {
      throw invalidToken();
    }
    if (claims.gen !== this.generation || typeof claims.cid !== 'string' || !Array.isArray(claims.scp)) throw invalidToken();
    const boundTo = typeof claims.cnf?.jkt === 'string' ? claims.cnf.jkt : undefined;

    if (scheme === 'Bearer' && boundTo !== undefined) {
      // A DPoP-bound token sent as a plain bearer token: Okta wants the proof.
      throw oauthError(400, 'invalid_dpop_proof', 'The DPoP proof JWT header is missing.', dpopChallenge('The DPoP proof JWT header is missing.'));
    }
    if (scheme === 'DPoP') {
      if (boundTo === undefined) throw invalidToken();
      if (!request.dpopProof) {
        throw oauthError(400, 'invalid_dpop_proof', 'The DPoP proof JWT header is missing.', dpopChallenge('The DPoP proof JWT header is missing.'));
      }
      let proof: VerifiedProof;
      try {
        proof = await verifyDpopProof(
          request.dpopProof,
          { htm: request.method, htu: request.htu, ath: accessTokenHash(accessToken), nowMs: this.now() },
          this.proofJtis,
        );
      } catch (error) {
        if (error instanceof DpopProofError) throw oauthError(400, 'invalid_dpop_proof', error.message, dpopChallenge(error.message));
        throw error;
      }
      if (proof.jkt !== boundTo) {
        const description = 'The DPoP proof key does not match the key the access token is bound to.';
        throw oauthError(400, 'invalid_dpop_proof', description, dpopChallenge(description));
      }
      this.proofJtis.use(proof.jti, proof.jtiExpiresAt);
    }
    return { clientId: claims.cid, scopes: claims.scp.filter((scope): scope is string => typeof scope === 'string') };
  }

  private async authenticateClient(
    form: URLSearchParams,
  ): Promise<{ app: ServiceAppFixture; assertionJti: string | undefined; assertionExp: number }> {
    const assertion = form.get('client_assertion');
    if (form.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE || !assertion) {
      throw invalidClient('Client authentication failed. Either the client or the client credentials are invalid.');
    }
    let claims: JWTPayload;
    try {
      claims = decodeJwt(assertion);
    } catch {
      throw invalidClient('The client_assertion token is malformed.');
    }
    const clientId = claims.iss;
    const app = this.serviceApps().find((candidate) => candidate.clientId === clientId);
    if (typeof clientId !== 'string' || !app) throw invalidClient("Invalid value for 'client_id' parameter.");
    const formClientId = form.get('client_id');
    if (claims.sub !== clientId || (formClientId !== null && formClientId !== clientId)) {
      throw invalidClient("The 'iss' and 'sub' claims of the client_assertion must both be the client_id.");
    }
    if (typeof claims.aud !== 'string' || claims.aud !== this.tokenUrl) {
      throw invalidClient('The audience claim for client_assertion must be the endpoint invoked for the request.');
    }
    const nowSeconds = Math.floor(this.now() / 1000);
    if (typeof claims.exp !== 'number') throw invalidClient("The client_assertion token must contain an 'exp' claim.");
    if (claims.exp <= nowSeconds) throw invalidClient('The client_assertion token is expired.');
    if (claims.exp > nowSeconds + MAX_ASSERTION_LIFETIME_SECONDS) {
      throw invalidClient('The client_assertion token has an expiration too far into the future.');
    }

    try {
      await jwtVerify(assertion, createLocalJWKSet({ keys: app.publicJwks }), {
        algorithms: ASYMMETRIC_ALGORITHMS,
        currentDate: new Date(this.now()),
      });
    } catch (error) {
      if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys) {
        throw invalidClient("The client_assertion 'kid' does not match any key registered for the client.");
      }
      throw invalidClient('The client_assertion signature is invalid.');
    }

    const jti = typeof claims.jti === 'string' ? claims.jti : undefined;
    if (jti !== undefined && this.assertionJtis.has(jti)) {
      throw invalidClient("The client_assertion token's 'jti' has already been used.");
    }
    return { app, assertionJti: jti, assertionExp: claims.exp };
  }

  private async verifyTokenProof(proofJwt: string): Promise<VerifiedProof> {
    let proof: VerifiedProof;
    try {
      proof = await verifyDpopProof(proofJwt, { htm: 'POST', htu: this.tokenUrl, nowMs: this.now() }, this.proofJtis);
    } catch (error) {
      if (error instanceof DpopProofError) throw oauthError(400, 'invalid_dpop_proof', error.message);
      throw error;
    }
    if (proof.nonce === undefined || !this.isCurrentNonce(proof.nonce)) {
      throw oauthError(400, 'use_dpop_nonce', 'Authorization server requires nonce in DPoP proof.', {
        'dpop-nonce': this.currentNonce(),
      });
    }
    return proof;
  }

  private currentNonce(): string {
    const now = this.now();
    const latest = this.nonces[this.nonces.length - 1];
    if (latest && now - latest.issuedAt < NONCE_ROTATION_MS) return latest.value;
    const value = randomId(32);
    this.nonces = [...this.nonces.filter((nonce) => now - nonce.issuedAt < 3 * NONCE_ROTATION_MS), { value, issuedAt: now }];
    return value;
  }

  private isCurrentNonce(value: string): boolean {
    const now = this.now();
    return this.nonces.some((nonce) => nonce.value === value && now - nonce.issuedAt < 3 * NONCE_ROTATION_MS);
  }

  private async mint(clientId: string, scopes: string[], jkt: string | undefined): Promise<string> {
    const nowSeconds = Math.floor(this.now() / 1000);
    const claims: AccessTokenClaims = { ver: 1, cid: clientId, scp: scopes, gen: this.generation };
    if (jkt) claims.cnf = { jkt };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: 'okta-simulator' })
      .setJti(`AT.${randomUUID()}`)
      .setIssuer(this.orgUrl)
      .setAudience(this.orgUrl)
      .setSubject(clientId)
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + ACCESS_TOKEN_SECONDS)
      .sign(this.signingKey);
  }
}
