/**
 * Okta Management API reads: authorized requests (one retry after a 401 with fresh credentials), a
 * page iterator that follows the `Link: rel="next"` header or the body's `_links.next` to the end, and
 * one mapping of Okta's error responses to TwinError with Okta's own code kept as providerCode.
 */
import { TwinError, type TwinErrorCode } from '../../errors.js';
import type { HttpClient, HttpResponse } from '../http.js';
import type { OktaAuth } from './auth.js';
import { nextLink } from './link-header.js';
import { arr, at, isObject, str, type JsonObject } from './wire.js';
import { readAhead } from '../read-ahead.js';

export type Query = Record<string, string | number | undefined>;

export interface OktaPageOptions {
  query?: Query;
  signal?: AbortSignal;
  /** Where a page's items are: the body itself (default) or e.g. `body.value` for /iam/assignees/users. */
  items?: (body: unknown) => unknown[] | null;
}

/**
 * The HttpClient bucket of a path: its endpoint family with object ids replaced, so concurrency and
 * rate-limit pacing are per family. Every /api/v1/apps call shares one bucket, kept serial by the apps
 * data set (Okta's apps limits are low).
 */
export function bucketFor(pathname: string): string {
  if (pathname === '/api/v1/apps' || pathname.startsWith('/api/v1/apps/')) return 'okta:/api/v1/apps';
  const parts = pathname.split('/').map((seg, i) => (i >= 4 && isObjectId(seg) ? '{id}' : seg));
  return `okta:${parts.join('/')}`;
}

/** Okta ids are 20-character alphanumerics (00u…, 00g…, 0oa…); words like `rules` or `users` are not. */
function isObjectId(segment: string): boolean {
  return segment === 'me' || (/^[A-Za-z0-9_-]{6,}$/.test(segment) && /\d/.test(segment));
}

interface ParsedError {
  errorCode: string | null;
  summary: string | null;
  causes: string[];
  challengeError: string | null;
  challengeScope: string | null;
}

function attr(challenge: string, name: string): string | null {
  const m = new RegExp(`${name}="([^"]*)"`, 'i').exec(challenge);
  return m?.[1] ?? null;
}

function parseError(res: HttpResponse): ParsedError {
  let body: unknown = null;
  try {
    body = JSON.parse(res.text);
  } catch {
    // Gateways answer HTML; the status is all there is.
  }
  const challenge = res.headers['www-authenticate'] ?? '';
  return {
    errorCode: str(at(body, 'errorCode')) ?? str(at(body, 'error')),
    summary: str(at(body, 'errorSummary')) ?? str(at(body, 'error_description')),
    causes: arr(at(body, 'errorCauses')).map((c) => str(at(c, 'errorSummary'))).filter((c): c is string => c !== null),
    challengeError: challenge ? attr(challenge, 'error') : null,
    challengeScope: challenge ? attr(challenge, 'scope') : null,
  };
}

/** A final (not retried) error response as a TwinError; providerCode is Okta's errorCode or the OAuth error. */
export function toOktaError(res: HttpResponse, method: string, url: string): TwinError {
  const path = new URL(url).pathname;
  const e = parseError(res);
  const requestId = res.headers['x-okta-request-id'];
  const details: Record<string, unknown> = { status: res.status, path, ...(requestId ? { requestId } : {}) };
  const what = [e.summary, ...e.causes].filter(Boolean).join('; ');
  if (e.challengeError === 'insufficient_scope') {
    const scope = e.challengeScope;
    return new TwinError('UPSTREAM_PERMISSION_DENIED', `Okta refused ${method} ${path}: the access token lacks ${scope ?? 'a required scope'} (insufficient_scope)`, {
      providerCode: 'insufficient_scope',
      details: { ...details, ...(scope ? { scope } : {}) },
    });
  }
  const providerCode = e.errorCode ?? e.challengeError ?? undefined;
  let code: TwinErrorCode;
  // E0000015 (a feature the org does not have) comes as a 401 or 403: it is not a credential problem.
  if (providerCode === 'E0000015') code = 'UPSTREAM_LICENSE_REQUIRED';
  else if (res.status === 401) code = 'UPSTREAM_AUTH_FAILED';
  else if (res.status === 403) code = 'UPSTREAM_PERMISSION_DENIED';
  else if (res.status === 404) code = 'UPSTREAM_NOT_FOUND';
  else if (res.status === 429) code = 'UPSTREAM_THROTTLED';
  else if (res.status >= 500) code = 'UPSTREAM_UNAVAILABLE';
  else code = 'UPSTREAM_BAD_RESPONSE';
  const message = `Okta answered ${method} ${path} with HTTP ${res.status}${providerCode ? ` ${providerCode}` : ''}${what ? `: ${what}` : ''}`;
  return new TwinError(code, message, {
    ...(providerCode ? { providerCode } : {}),
    details,
  });
}

export class OktaClient {
  private readonly origin: string;

  constructor(
    readonly orgUrl: string,
    private readonly http: HttpClient,
    readonly auth: OktaAuth,
  ) {
    this.origin = new URL(orgUrl).origin;
  }

  url(path: string, query: Query = {}): string {
    const u = new URL(path, this.origin);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  /** One authorized GET; a 401 gets one retry with fresh credentials (a new token, or a DPoP nonce). */
  async send(url: string, signal?: AbortSignal): Promise<HttpResponse> {
    const target = new URL(url);
    // Credentials go to the org only: a Link to another host would leak the token.
    if (target.origin !== this.origin) {
      throw new TwinError('UPSTREAM_BAD_RESPONSE', `Okta pointed to ${target.origin}, which is not the org ${this.origin}; refusing to send credentials there`);
    }
    const bucket = bucketFor(target.pathname);
    for (let attempt = 0; ; attempt += 1) {
      // Authorization built per HTTP attempt: a retried 429 or 503 carries a fresh DPoP proof.
      let headers: Record<string, string> = {};
      const prepare = async (): Promise<{ headers: Record<string, string> }> => {
        headers = await this.auth.headers('GET', url, signal);
        return { headers };
      };
      const res = await this.http.send({ method: 'GET', url, bucket, prepare }, signal);
      if (res.status === 401 && attempt === 0 && !res.text.includes('E0000015') && this.auth.recover(res, headers)) continue;
      return res;
    }
  }

  async get<T = unknown>(path: string, opts: { query?: Query; signal?: AbortSignal } = {}): Promise<T> {
    const url = this.url(path, opts.query);
    const res = await this.send(url, opts.signal);
    if (res.status < 200 || res.status >= 300) throw toOktaError(res, 'GET', url);
    return parseBody(res, url) as T;
  }

  /** Like get, but a 404 (the object was deleted meanwhile) gives null. */
  async getOptional<T = unknown>(path: string, opts: { query?: Query; signal?: AbortSignal } = {}): Promise<T | null> {
    const url = this.url(path, opts.query);
    const res = await this.send(url, opts.signal);
    if (res.status === 404) return null;
    if (res.status < 200 || res.status >= 300) throw toOktaError(res, 'GET', url);
    return parseBody(res, url) as T;
  }

  /**
   * Pages of objects, following next links to the end; a page that is not a list of objects fails. The next
   * page is fetched while the caller works on this one.
   */
  pages(path: string, opts: OktaPageOptions = {}): AsyncGenerator<JsonObject[], void, undefined> {
    return readAhead(this.pagesInOrder(path, opts));
  }

  private async *pagesInOrder(path: string, opts: OktaPageOptions): AsyncGenerator<JsonObject[], void, undefined> {
    let url: string | null = this.url(path, opts.query);
    let n = 0;
    // Links already followed in this listing: one seen again is a cycle, never an end of list.
    const followed = new Set<string>([url]);
    while (url !== null) {
      // A page boundary: a cancelled run fetches nothing more.
      opts.signal?.throwIfAborted();
      n += 1;
      const res = await this.send(url, opts.signal);
      if (res.status < 200 || res.status >= 300) throw toOktaError(res, 'GET', url);
      const body = parseBody(res, url);
      const items = opts.items ? opts.items(body) : Array.isArray(body) ? body : null;
      const pathname = new URL(url).pathname;
      if (items === null) throw new TwinError('UPSTREAM_BAD_RESPONSE', `Okta's page ${n} of ${pathname} is not a list`);
      if (!items.every(isObject)) throw new TwinError('UPSTREAM_BAD_RESPONSE', `Okta's page ${n} of ${pathname} holds something that is not an object`);
      yield items;
      const next: string | null = nextLink(res.headerValues('link'), url) ?? str(at(body, '_links', 'next', 'href'));
      if (next === null) {
        url = null;
      } else {
        const resolved: string = new URL(next, url).toString();
        if (followed.has(resolved)) {
          throw new TwinError('UPSTREAM_BAD_RESPONSE', `Okta's next link after page ${n} of ${pathname} repeats a page already read in this listing (a paging cycle); the listing is incomplete`);
        }
        followed.add(resolved);
        url = resolved;
      }
    }
  }
}

function parseBody(res: HttpResponse, url: string): unknown {
  try {
    return JSON.parse(res.text);
  } catch {
    throw new TwinError('UPSTREAM_BAD_RESPONSE', `Okta answered GET ${new URL(url).pathname} with a body that is not JSON (HTTP ${res.status})`);
  }
}
