/**
 * The one outbound HTTP path of both connectors: TLS with optional extra CAs, bounded concurrency per
 * rate-limit bucket, and retries for what is worth retrying (429, 503, 504, network errors) with the
 * provider's own wait when it gives one (Retry-After, X-Rate-Limit-Reset) and exponential backoff with
 * full jitter when it does not. Responses that are not retried are returned to the caller, which knows
 * the provider's error shape.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext, rootCertificates } from 'node:tls';
import { Agent, request, type Dispatcher } from 'undici';
import { TwinError, errorMessage } from '../errors.js';

export interface HttpRequest {
  method?: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** The rate-limit bucket this request counts against (e.g. "graph:signIns", "okta:/api/v1/users"). */
  bucket?: string;
  /**
   * Headers and body built anew for every attempt, for one-time values a retry must not replay (a DPoP
   * proof, a client_assertion with its jti); they override `headers` and `body`.
   */
  prepare?: () => Promise<{ headers?: Record<string, string>; body?: string }>;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** All values of a header that may repeat (Okta's `link`). */
  headerValues(name: string): string[];
  text: string;
  json<T>(): T;
}

/** How long to wait before retrying a response, or undefined to use backoff. */
export type WaitAdvisor = (res: HttpResponse, now: number) => number | undefined;

/** How the twin names itself to the providers (Graph and Okta both ask integrators to). */
export function userAgent(connector: 'entra' | 'okta'): string {
  return `identity-twin/0.1 (${connector}-connector)`;
}

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest single provider-advised wait we accept (Okta's reset can be a minute away). */
  maxAdvisedWaitMs: number;
  /** Longest one request may wait in all between its attempts; then its last answer (a 429: UPSTREAM_THROTTLED) stands. */
  maxTotalWaitMs?: number;
}

/**
 * The largest body a provider page may have. Graph's largest pages (999 users, 1000 sign-ins with their
 * details, 20 member pages in a $batch) and Okta's (200 users, 1000 log events) are a few MB; a body 10×
 * that is a broken proxy or a hostile endpoint, and reading it whole would take the process's heap.
 */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 6, baseDelayMs: 500, maxDelayMs: 30_000, maxAdvisedWaitMs: 10 * 60_000, maxTotalWaitMs: 2 * 60_000 };

export interface HttpClientOptions {
  /** Extra CA certificates (PEM) to trust besides the system's. */
  extraCaPem?: string;
  userAgent: string;
  retry?: Partial<RetryPolicy>;
  /** Concurrent requests per bucket. */
  concurrency?: number;
  waitAdvisor?: WaitAdvisor;
  /** Told about every wait longer than a second, so a run can show it. */
  onWait?: (info: { bucket: string; url: string; status: number | 'network'; waitMs: number; attempt: number }) => void;
  /** Called before every request: pacing by remaining quota. */
  beforeRequest?: (bucket: string, signal: AbortSignal | undefined) => Promise<void>;
  /** Called after every response with its headers. */
  afterResponse?: (bucket: string, res: HttpResponse) => void;
  /** Largest response body accepted (default MAX_RESPONSE_BYTES); a larger one fails the request, unread. */
  maxResponseBytes?: number;
  /** Test hook: deterministic sleeps. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export function readExtraCa(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`TWIN_TLS_CA_FILE=${file} cannot be read: ${errorMessage(err)}`);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new TwinError('UPSTREAM_UNAVAILABLE', 'aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new TwinError('UPSTREAM_UNAVAILABLE', 'aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After in seconds or as an HTTP date. */
export function retryAfterMs(res: HttpResponse, now: number): number | undefined {
  const v = res.headers['retry-after'];
  if (v === undefined) return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** A counting semaphore: at most `limit` holders at once. */
class Semaphore {
  private active = 0;
  private readonly queue: Array<() => void> = [];
  constructor(private readonly limit: number) {}
  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active += 1;
      return;
    }
    await new Promise<void>((resolve) => this.queue.push(resolve));
  }
  release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.active -= 1;
  }
}

const RETRYABLE = new Set([429, 502, 503, 504]);

/** A provider answered with more than the client accepts: not retried, the answer would be the same. */
class ResponseTooLarge extends TwinError {}

/** The body as text, refused (and the connection dropped) once it passes `max` bytes. */
async function readCapped(res: Dispatcher.ResponseData, max: number, url: string): Promise<string> {
  const tooLarge = (): ResponseTooLarge => {
    // Dropping the stream aborts it with an error nobody waits for: the refusal below is the answer.
    res.body.on('error', () => undefined);
    res.body.destroy();
    const { host, pathname } = new URL(url);
    return new ResponseTooLarge('UPSTREAM_BAD_RESPONSE', `${host}${pathname} answered with more than ${Math.round(max / 1024 / 1024)} MiB; the response was refused unread`);
  };
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > max) throw tooLarge();
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export class HttpClient {
  private readonly dispatcher: Dispatcher;
  private closed = false;
  private readonly retry: RetryPolicy;
  private readonly buckets = new Map<string, Semaphore>();
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly opts: HttpClientOptions) {
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.sleep = opts.sleep ?? sleep;
    this.random = opts.random ?? Math.random;
    this.dispatcher = new Agent({
      // One secure context for every connection: parsing the CA list per TLS handshake costs milliseconds each.
      connect: opts.extraCaPem ? { secureContext: createSecureContext({ ca: [...rootCertificates, opts.extraCaPem] }) } : {},
      keepAliveTimeout: 10_000,
      connections: 64,
    });
  }

  private bucket(name: string): Semaphore {
    let s = this.buckets.get(name);
    if (!s) {
      s = new Semaphore(this.opts.concurrency ?? 4);
      this.buckets.set(name, s);
    }
    return s;
  }

  /** Sends a request, retrying throttling, 5xx gateways and network errors. */
  async send(req: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
    const bucketName = req.bucket ?? new URL(req.url).host;
    let waited = 0;
    for (let attempt = 0; ; attempt += 1) {
      let res: HttpResponse | undefined;
      let networkError: unknown;
      const sem = this.bucket(bucketName);
      await sem.acquire();
      try {
        await this.opts.beforeRequest?.(bucketName, signal);
        const fresh = req.prepare ? await req.prepare() : undefined;
        res = await this.once(fresh ? { ...req, headers: { ...req.headers, ...fresh.headers }, body: fresh.body ?? req.body } : req, signal);
        this.opts.afterResponse?.(bucketName, res);
      } catch (err) {
        if (signal?.aborted || err instanceof ResponseTooLarge) throw err;
        networkError = err;
      } finally {
        sem.release();
      }
      if (res && !RETRYABLE.has(res.status)) return res;
      if (attempt >= this.retry.maxRetries) {
        if (res) return res;
        throw new TwinError('UPSTREAM_UNAVAILABLE', `${new URL(req.url).host} is unreachable after ${attempt + 1} attempts: ${errorMessage(networkError)}`, { cause: networkError });
      }
      const now = Date.now();
      const advised = res ? (this.opts.waitAdvisor?.(res, now) ?? retryAfterMs(res, now)) : undefined;
      const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt) * this.random();
      const waitMs = advised !== undefined ? Math.min(advised, this.retry.maxAdvisedWaitMs) : backoff;
      // A deadline per request: no 6 × 10 minutes of advised waits.
      if (res && waited + waitMs > (this.retry.maxTotalWaitMs ?? Infinity)) return res;
      waited += waitMs;
      if (waitMs >= 1000 || advised !== undefined) {
        this.opts.onWait?.({ bucket: bucketName, url: req.url, status: res?.status ?? 'network', waitMs, attempt: attempt + 1 });
      }
      await this.sleep(waitMs, signal);
    }
  }

  private async once(req: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
    const res = await request(req.url, {
      method: req.method ?? 'GET',
      headers: { 'user-agent': this.opts.userAgent, accept: 'application/json', ...req.headers },
      body: req.body,
      dispatcher: this.dispatcher,
      signal,
      headersTimeout: 60_000,
      bodyTimeout: 120_000,
    });
    const text = await readCapped(res, this.opts.maxResponseBytes ?? MAX_RESPONSE_BYTES, req.url);
    const headers: Record<string, string> = {};
    const multi: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(res.headers)) {
      if (v === undefined) continue;
      const values = Array.isArray(v) ? v : [v];
      multi[k.toLowerCase()] = values;
      headers[k.toLowerCase()] = values.join(', ');
    }
    return {
      status: res.statusCode,
      headers,
      headerValues: (name) => multi[name.toLowerCase()] ?? [],
      text,
      json<T>(): T {
        try {
          return JSON.parse(text) as T;
        } catch {
          throw new TwinError('UPSTREAM_BAD_RESPONSE', `${new URL(req.url).pathname} returned a body that is not JSON (HTTP ${res.statusCode})`);
        }
      },
    };
  }

  /** Releases the connections; safe to call more than once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.dispatcher.close();
  }
}
