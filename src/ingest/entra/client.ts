/**
 * Microsoft Graph over the shared HttpClient: authenticated GETs, a page iterator that follows
 * `@odata.nextLink` exactly as given, and `$batch` with Graph's per-request throttling. Transport retries
 * (429, 503, 504, network) happen in HttpClient; this layer maps final error responses to TwinErrors and
 * retries what only Graph's body tells apart (inner $batch 429s, expired page tokens, a stale token).
 */
import { TwinError } from '../../errors.js';
import { retryAfterMs, type HttpClient, type HttpResponse, type RetryPolicy } from '../http.js';
import { EXPIRED_PAGE_TOKEN, graphError, providerCodeOf } from './errors.js';
import type { GraphCollection } from './graph-types.js';
import { readAhead } from '../read-ahead.js';

export const GRAPH_VERSION = 'v1.0';
/** Graph rejects a $batch of more than 20 requests. */
export const MAX_BATCH = 20;

export interface TokenSource {
  /** A bearer token for Graph; `forceRefresh` skips the cache after Graph rejected the cached one. */
  token(signal?: AbortSignal, forceRefresh?: boolean): Promise<string>;
}

export interface WaitInfo {
  bucket: string;
  url: string;
  status: number | 'network';
  waitMs: number;
  attempt: number;
}

export interface GraphClientOptions {
  http: HttpClient;
  /** Origin of Graph, e.g. https://graph.microsoft.com. */
  graphEndpoint: string;
  tokens: TokenSource;
  /** For throttled requests inside a $batch, which HttpClient cannot see. */
  retry: RetryPolicy;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  onWait?: (info: WaitInfo) => void;
}

export interface RequestOptions {
  /** HttpClient concurrency bucket, named per Graph throttling family (graph:directory, graph:reports...). */
  bucket: string;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Provider codes worth one more try: Graph reports some refusals intermittently. */
  retryOnceOn?: readonly string[];
}

export interface GraphPageOptions extends RequestOptions {
  /** Where an expired page token restarts the listing; defaults to the first URL. */
  restartFrom?: string;
  /** Restarts allowed after Directory_ExpiredPageToken before the listing fails. */
  maxRestarts?: number;
  /** Told before a restart, so a caller can forget what it counted of the abandoned listing. */
  onRestart?: () => void;
  /** Told the last page's `@odata.deltaLink` (a delta query's round ended there), before the pages end. */
  onDeltaLink?: (deltaLink: string) => void;
}

export interface BatchRequest {
  id: string;
  /** Relative to the version, e.g. `/groups/{id}/members?$select=id`. */
  url: string;
  headers?: Record<string, string>;
}

export interface BatchResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const RETRYABLE_INNER = new Set([429, 502, 503, 504]);

export class GraphClient {
  private readonly origin: string;
  private readonly random: () => number;

  constructor(private readonly opts: GraphClientOptions) {
    this.origin = new URL(opts.graphEndpoint).origin;
    this.random = opts.random ?? Math.random;
  }

  /** Absolute URL of a versioned path; absolute URLs (nextLinks) must point at Graph itself. */
  url(pathOrUrl: string): string {
    if (!/^https?:\/\//i.test(pathOrUrl)) return `${this.origin}/${GRAPH_VERSION}${pathOrUrl}`;
    // The bearer token goes only to Graph, whatever a response's nextLink says.
    if (new URL(pathOrUrl).origin !== this.origin) {
      throw new TwinError('UPSTREAM_BAD_RESPONSE', `Graph returned a next link to another host (${new URL(pathOrUrl).host})`);
    }
    return pathOrUrl;
  }

  async get<T>(pathOrUrl: string, opts: RequestOptions): Promise<T> {
    const url = this.url(pathOrUrl);
    const res = await this.send('GET', url, opts);
    return res.json<T>();
  }

  /** Pages of a collection, following `@odata.nextLink` until the last page; the next page is fetched while the caller works. */
  pages<T>(first: string, opts: GraphPageOptions): AsyncGenerator<T[], void, undefined> {
    return readAhead(this.pagesInOrder<T>(first, opts));
  }

  private async *pagesInOrder<T>(first: string, opts: GraphPageOptions): AsyncGenerator<T[], void, undefined> {
    const start = this.url(opts.restartFrom ?? first);
    const maxRestarts = opts.maxRestarts ?? 2;
    let url = this.url(first);
    let restarts = 0;
    // Next links already followed in this listing: one seen again is a cycle, never an end of list.
    let followed = new Set<string>([url]);
    for (;;) {
      // A page boundary: a cancelled run fetches nothing more.
      opts.signal?.throwIfAborted();
      let body: unknown;
      try {
        body = await this.get<unknown>(url, opts);
      } catch (err) {
        // Directory page tokens expire; the listing can only start over (MERGE makes the replay harmless).
        if (providerCodeOf(err) === EXPIRED_PAGE_TOKEN && restarts < maxRestarts) {
          restarts += 1;
          opts.onRestart?.();
          url = start;
          followed = new Set([url]);
          continue;
        }
        throw err;
      }
      const page = asCollection<T>(body, url);
      yield page.value;
      const next = page['@odata.nextLink'];
      if (next === undefined || next === null) {
        const delta = page['@odata.deltaLink'];
        if (typeof delta === 'string' && delta !== '') opts.onDeltaLink?.(delta);
        return;
      }
      if (typeof next !== 'string' || next === '') {
        throw new TwinError('UPSTREAM_BAD_RESPONSE', `GET ${graphPath(url)}: @odata.nextLink is not a URL`);
      }
      url = this.url(next);
      if (followed.has(url)) {
        throw new TwinError('UPSTREAM_BAD_RESPONSE', `GET ${graphPath(url)}: @odata.nextLink repeats a page already read in this listing (a paging cycle); the listing is incomplete`);
      }
      followed.add(url);
    }
  }

  /**
   * Sends up to 20 GETs in one `$batch` and returns one response per request, in request order. Inner
   * 429/5xx are re-sent (honouring the inner Retry-After) until the retry policy gives up, in attempts or
   * in total wait (maxTotalWaitMs, as for any request); the last such response is then returned for the
   * caller to map.
   */
  async batch(requests: readonly BatchRequest[], opts: RequestOptions): Promise<BatchResponse[]> {
    if (requests.length > MAX_BATCH) throw new RangeError(`a $batch holds at most ${MAX_BATCH} requests`);
    const done = new Map<string, BatchResponse>();
    let pending = [...requests];
    let waited = 0;
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      const responses = await this.postBatch(pending, opts);
      const byId = new Map(responses.map((r) => [r.id, r]));
      const again: BatchRequest[] = [];
      let advised: number | undefined;
      let sample: BatchResponse | undefined;
      const last = new Map<string, BatchResponse>();
      for (const req of pending) {
        const r = byId.get(req.id);
        if (!r) throw new TwinError('UPSTREAM_BAD_RESPONSE', `POST /$batch: no response for request ${req.id}`);
        if (RETRYABLE_INNER.has(r.status) && attempt < this.opts.retry.maxRetries) {
          again.push(req);
          last.set(req.id, r);
          sample = r;
          const wait = innerRetryAfter(r.headers);
          if (wait !== undefined) advised = Math.max(advised ?? 0, wait);
        } else {
          done.set(req.id, r);
        }
      }
      pending = again;
      if (pending.length > 0) {
        const { baseDelayMs, maxDelayMs, maxAdvisedWaitMs } = this.opts.retry;
        const waitMs = advised !== undefined
          ? Math.min(advised, maxAdvisedWaitMs)
          : Math.min(maxDelayMs, baseDelayMs * 2 ** attempt) * this.random();
        // The request's deadline holds inside a $batch too: past it, the throttled answers stand.
        if (waited + waitMs > (this.opts.retry.maxTotalWaitMs ?? Infinity)) {
          for (const req of pending) done.set(req.id, last.get(req.id) as BatchResponse);
          break;
        }
        waited += waitMs;
        this.opts.onWait?.({ bucket: opts.bucket, url: pending[0]?.url ?? '/$batch', status: sample?.status ?? 429, waitMs, attempt: attempt + 1 });
        await this.opts.sleep(waitMs, opts.signal);
      }
    }
    return requests.map((r) => done.get(r.id) as BatchResponse);
  }

  private async postBatch(requests: readonly BatchRequest[], opts: RequestOptions): Promise<BatchResponse[]> {
    const url = `${this.origin}/${GRAPH_VERSION}/$batch`;
    const body = JSON.stringify({
      requests: requests.map((r) => ({ id: r.id, method: 'GET', url: r.url, ...(r.headers ? { headers: r.headers } : {}) })),
    });
    const res = await this.send('POST', url, opts, body);
    const parsed = res.json<{ responses?: unknown }>();
    if (!parsed || !Array.isArray(parsed.responses)) {
      throw new TwinError('UPSTREAM_BAD_RESPONSE', 'POST /$batch: the response has no responses array');
    }
    return parsed.responses.map((raw: unknown) => toBatchResponse(raw));
  }

  private async send(method: 'GET' | 'POST', url: string, opts: RequestOptions, body?: string): Promise<HttpResponse> {
    let refreshed = false;
    let retried = false;
    for (;;) {
      const token = await this.opts.tokens.token(opts.signal, refreshed);
      const res = await this.opts.http.send(
        {
          method,
          url,
          bucket: opts.bucket,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...opts.headers,
          },
          ...(body !== undefined ? { body } : {}),
        },
        opts.signal,
      );
      if (res.status >= 200 && res.status < 300) return res;
      const err = graphError(res.status, res.text, `${method} ${graphPath(url)}`);
      // A token revoked or expired between MSAL's cache check and Graph: one fresh token, once.
      if (res.status === 401 && !refreshed) {
        refreshed = true;
        continue;
      }
      if (!retried && err.providerCode && opts.retryOnceOn?.includes(err.providerCode)) {
        retried = true;
        continue;
      }
      throw err;
    }
  }
}

/** The path of a Graph URL without its query, for messages (skip tokens are long and useless there). */
export function graphPath(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname).replace(new RegExp(`^/${GRAPH_VERSION.replace('.', '\\.')}`), '');
  } catch {
    return url;
  }
}

function asCollection<T>(body: unknown, url: string): GraphCollection<T> {
  if (body === null || typeof body !== 'object' || !Array.isArray((body as { value?: unknown }).value)) {
    throw new TwinError('UPSTREAM_BAD_RESPONSE', `GET ${graphPath(url)}: the page has no value array`);
  }
  return body as GraphCollection<T>;
}

function toBatchResponse(raw: unknown): BatchResponse {
  const r = (raw ?? {}) as { id?: unknown; status?: unknown; headers?: unknown; body?: unknown };
  if (typeof r.id !== 'string' || typeof r.status !== 'number') {
    throw new TwinError('UPSTREAM_BAD_RESPONSE', 'POST /$batch: a response lacks its id or status');
  }
  const headers: Record<string, string> = {};
  if (r.headers && typeof r.headers === 'object') {
    for (const [k, v] of Object.entries(r.headers as Record<string, unknown>)) headers[k.toLowerCase()] = String(v);
  }
  let body = r.body;
  // JSON bodies sometimes arrive as a string; anything else (base64 media) is not something we read.
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      // Keep the text: error mapping shows it.
    }
  }
  return { id: r.id, status: r.status, headers, body };
}

function innerRetryAfter(headers: Record<string, string>): number | undefined {
  const fake = { status: 429, headers, headerValues: () => [], text: '', json: <T>() => ({}) as T } satisfies HttpResponse;
  return retryAfterMs(fake, Date.now());
}
