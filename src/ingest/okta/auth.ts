/**
 * The two ways a connector authenticates to Okta, behind one interface:
 * - an SSWS API token, sent as is;
 * - an OAuth 2.0 service app: a private_key_jwt client assertion buys an access token from the org
 *   authorization server (the only one that mints okta.* scopes), with DPoP when the app demands it.
 *   Tokens live 1 h and there is no refresh token: cache until shortly before expiry, and fetch a new
 *   one once when an API call answers 401.
 */
import { createHash, randomUUID } from 'node:crypto';
import { SignJWT, type JWK } from 'jose';
import { TwinError } from '../../errors.js';
import type { HttpClient, HttpResponse } from '../http.js';
import type { SigningKey } from './private-key.js';
import { isObject, str } from './wire.js';

export interface OktaAuth {
  readonly kind: 'apiToken' | 'privateKey';
  /** Headers that authorize one request; DPoP needs a fresh proof per request, bound to method and URL. */
  headers(method: 'GET' | 'POST', url: string, signal?: AbortSignal): Promise<Record<string, string>>;
  /** Told about a 401 to a request sent with `sent` headers: true when one retry with fresh headers may succeed. */
  recover(res: HttpResponse, sent: Record<string, string>): boolean;
  /** Proves the credential can get in (OAuth: obtains a token); throws UPSTREAM_AUTH_FAILED. */
  authenticate(signal?: AbortSignal): Promise<void>;
  /** OAuth scopes asked for that the app was refused (empty for API tokens). */
  readonly missingScopes: readonly string[];
}

export class ApiTokenAuth implements OktaAuth {
  readonly kind = 'apiToken';
  readonly missingScopes: readonly string[] = [];
  constructor(private readonly token: string) {}
  async headers(): Promise<Record<string, string>> {
    return { authorization: `SSWS ${this.token}` };
  }
  recover(): boolean {
    return false;
  }
  async authenticate(): Promise<void> {
    // Nothing to exchange: the first API call tells whether the token is good.
  }
}

interface AccessToken {
  value: string;
  type: 'Bearer' | 'DPoP';
  /** Local epoch ms after which the token is not used any more. */
  renewAt: number;
}

/** The token endpoint's failure, kept apart from transport errors so scope probing can tell them apart. */
class TokenError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status: number,
  ) {
    super(`${error}: ${description}`);
  }
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Renew this long before expiry so a token never expires mid-request. */
const RENEW_MARGIN_MS = 5 * 60_000;
const ASSERTION_LIFETIME_S = 300;

function b64urlSha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** DPoP's htu: the request URL without query and fragment (RFC 9449 §4.2). */
export function dpopHtu(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

export interface ServiceAppAuthOptions {
  http: HttpClient;
  orgUrl: string;
  clientId: string;
  key: SigningKey;
  keyId: string | undefined;
  scopes: readonly string[];
  now?: () => number;
}

export class ServiceAppAuth implements OktaAuth {
  readonly kind = 'privateKey';
  private token: AccessToken | undefined;
  private pending: Promise<AccessToken> | undefined;
  /** Learned from the token endpoint (invalid_dpop_proof or a DPoP token): the app requires DPoP. */
  private useDpop = false;
  private authServerNonce: string | undefined;
  private resourceNonce: string | undefined;
  private grantedScopes: readonly string[];
  private refused: string[] = [];
  private readonly tokenUrl: string;
  private readonly now: () => number;

  constructor(private readonly opts: ServiceAppAuthOptions) {
    this.tokenUrl = `${opts.orgUrl}/oauth2/v1/token`;
    this.grantedScopes = opts.scopes;
    this.now = opts.now ?? Date.now;
  }

  get missingScopes(): readonly string[] {
    return this.refused;
  }

  async authenticate(signal?: AbortSignal): Promise<void> {
    this.token = undefined;
    await this.current(signal);
  }

  async headers(method: 'GET' | 'POST', url: string, signal?: AbortSignal): Promise<Record<string, string>> {
    const token = await this.current(signal);
    if (token.type === 'Bearer') return { authorization: `Bearer ${token.value}` };
    const proof = await this.proof(method, url, { ath: b64urlSha256(token.value), nonce: this.resourceNonce });
    return { authorization: `DPoP ${token.value}`, dpop: proof };
  }

  recover(res: HttpResponse, sent: Record<string, string>): boolean {
    const challenge = res.headers['www-authenticate'] ?? '';
    const nonce = res.headers['dpop-nonce'];
    // A resource server may demand its own DPoP nonce (RFC 9449 §9); the token stays good.
    if (/use_dpop_nonce/.test(challenge) && nonce) {
      this.resourceNonce = nonce;
      return true;
    }
    // A proof refused as replayed or stale (HttpClient resends the same headers when it retries a 429
    // or 5xx): a fresh proof is enough.
    if (/invalid_dpop_proof/.test(challenge)) return true;
    // Requests in flight when a token dies all come back 401: only the first one drops the token.
    if (this.token && sent.authorization === `${this.token.type} ${this.token.value}`) this.token = undefined;
    return true;
  }

  private async current(signal?: AbortSignal): Promise<AccessToken> {
    if (this.token && this.now() < this.token.renewAt) return this.token;
    this.pending ??= this.obtain(signal).finally(() => {
      this.pending = undefined;
    });
    this.token = await this.pending;
    return this.token;
  }

  /**
   * Asks for every scope of the enabled data sets. Okta refuses the whole request (invalid_scope) when
   * one is not granted; then each scope is tried alone so the granted ones still work and only the data
   * sets that need a missing scope fail (their calls answer 403 insufficient_scope).
   */
  private async obtain(signal?: AbortSignal): Promise<AccessToken> {
    try {
      return await this.requestToken(this.grantedScopes, signal);
    } catch (err) {
      if (!(err instanceof TokenError) || err.error !== 'invalid_scope' || this.grantedScopes.length < 2) throw toAuthError(err);
      const granted: string[] = [];
      for (const scope of this.grantedScopes) {
        try {
          await this.requestToken([scope], signal);
          granted.push(scope);
        } catch (inner) {
          if (!(inner instanceof TokenError) || inner.error !== 'invalid_scope') throw toAuthError(inner);
        }
      }
      if (granted.length === 0) throw toAuthError(err);
      this.refused = this.grantedScopes.filter((s) => !granted.includes(s));
      this.grantedScopes = granted;
      try {
        return await this.requestToken(granted, signal);
      } catch (again) {
        throw toAuthError(again);
      }
    }
  }

  private async requestToken(scopes: readonly string[], signal?: AbortSignal): Promise<AccessToken> {
    let switchedToDpop = false;
    let nonceRetries = 0;
    for (;;) {
      // A new assertion and DPoP proof for every HTTP attempt, retries of a 429 or 503 included: Okta
      // rejects a replayed jti.
      const prepare = async (): Promise<{ headers: Record<string, string>; body: string }> => {
        const body = new URLSearchParams({
          grant_type: 'client_credentials',
          scope: scopes.join(' '),
          client_assertion_type: ASSERTION_TYPE,
          client_assertion: await this.clientAssertion(),
        }).toString();
        const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
        if (this.useDpop) headers.dpop = await this.proof('POST', this.tokenUrl, { nonce: this.authServerNonce });
        return { headers, body };
      };
      const res = await this.opts.http.send({ method: 'POST', url: this.tokenUrl, prepare, bucket: 'okta:/oauth2/v1/token' }, signal);
      const json = parseJson(res);
      if (res.status === 200) return this.accept(json, res);
      const error = str(json?.error) ?? str(json?.errorCode) ?? `HTTP ${res.status}`;
      const description = str(json?.error_description) ?? str(json?.errorSummary) ?? `the token endpoint answered HTTP ${res.status}`;
      if (error === 'use_dpop_nonce' && res.headers['dpop-nonce'] && nonceRetries < 2) {
        this.useDpop = true;
        this.authServerNonce = res.headers['dpop-nonce'];
        nonceRetries += 1;
        continue;
      }
      // The app requires DPoP and we sent none: Okta says the proof header is missing.
      if (error === 'invalid_dpop_proof' && !this.useDpop && !switchedToDpop) {
        this.useDpop = true;
        switchedToDpop = true;
        continue;
      }
      if (res.status >= 500 || res.status === 429) {
        throw new TwinError(res.status === 429 ? 'UPSTREAM_THROTTLED' : 'UPSTREAM_UNAVAILABLE', `Okta's token endpoint answered HTTP ${res.status}: ${description}`, { providerCode: error });
      }
      throw new TokenError(error, description, res.status);
    }
  }

  private accept(json: Record<string, unknown> | null, res: HttpResponse): AccessToken {
    const value = str(json?.access_token);
    if (!value) throw new TwinError('UPSTREAM_BAD_RESPONSE', `Okta's token endpoint answered HTTP ${res.status} without an access_token`);
    const type = str(json?.token_type)?.toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
    if (type === 'DPoP') this.useDpop = true;
    const expiresIn = typeof json?.expires_in === 'number' ? json.expires_in : 3600;
    const lifetimeMs = expiresIn * 1000;
    return { value, type, renewAt: this.now() + Math.max(lifetimeMs / 2, lifetimeMs - RENEW_MARGIN_MS) };
  }

  private async clientAssertion(): Promise<string> {
    const { clientId, key, keyId } = this.opts;
    const nowS = Math.floor(this.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: key.alg, ...(keyId ? { kid: keyId } : {}) })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(this.tokenUrl)
      .setIssuedAt(nowS)
      .setExpirationTime(nowS + ASSERTION_LIFETIME_S)
      .setJti(randomUUID())
      .sign(key.key);
  }

  /**
   * A DPoP proof signed with the service app's own key (as Okta's SDK does): one per HTTP attempt, so a sync
   * signs one per request. The signature is not computed on the event loop: jose signs through WebCrypto
   * (crypto.subtle.sign), which Node runs on libuv's thread pool, and only the JWT's encoding happens here
   * (test/unit/okta/signing.test.ts holds it to that). The client assertion is signed the same way.
   */
  private async proof(method: 'GET' | 'POST', url: string, extra: { ath?: string; nonce?: string | undefined }): Promise<string> {
    const { key } = this.opts;
    const claims: Record<string, string> = { htm: method, htu: dpopHtu(url) };
    if (extra.ath) claims.ath = extra.ath;
    if (extra.nonce) claims.nonce = extra.nonce;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: key.alg, typ: 'dpop+jwt', jwk: key.publicJwk as JWK })
      .setIssuedAt(Math.floor(this.now() / 1000))
      .setJti(randomUUID())
      .sign(key.key);
  }
}

function parseJson(res: HttpResponse): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(res.text);
    return isObject(v) ? v : null;
  } catch {
    return null;
  }
}

function toAuthError(err: unknown): unknown {
  if (!(err instanceof TokenError)) return err;
  return new TwinError('UPSTREAM_AUTH_FAILED', `Okta refused the service app's token request: ${err.error}: ${err.description}`, {
    providerCode: err.error,
    details: { status: err.status },
  });
}
