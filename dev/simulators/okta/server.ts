/**
 * An HTTPS server that behaves like an Okta org's Management API and org authorization server,
 * serving an in-memory fixture: paging, rate limits, OAuth for Okta with DPoP, and the documented
 * error shapes (docs/architecture.md lists what it reproduces).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { localTls } from '../tls.js';
import { authenticateCaller, requireScope } from './api-auth.js';
import { OrgAuthorizationServer } from './authorization-server.js';
import { OktaOrgChanges } from './changes.js';
import { SimulatorHttpError, oauthError, oktaError, oktaErrorBody } from './errors.js';
import type { FaultAction, PathMatcher } from './faults.js';
import { OktaFaults, matchesPath } from './faults.js';
import type { OktaOrgFixture } from './fixture.js';
import { randomId } from './ids.js';
import { OrgIndex } from './org-index.js';
import { linkHeader } from './paging.js';
import type { BucketLimit, RateLimitBucket, RateLimitState } from './rate-limits.js';
import { RateLimiter, rateLimitBucketFor } from './rate-limits.js';
import { findRoute } from './routes/index.js';

export interface RequestLogEntry {
  /** Epoch ms (simulator clock) when the request arrived. */
  at: number;
  method: string;
  path: string;
  /** The raw query string, with its leading `?`, or ''. */
  query: string;
  /** 0 while in flight, or when the connection was dropped. */
  status: number;
}

export interface OktaSimulatorStats {
  requests: number;
  byPath: Map<string, number>;
  log: RequestLogEntry[];
}

export type RateLimitOverrides = Partial<Record<RateLimitBucket, Partial<BucketLimit>>>;

export interface OktaSimulatorOptions {
  org: OktaOrgFixture;
  /** 0 (any free port) when absent. */
  port?: number;
  /** Per-bucket limits over the generous defaults, e.g. `realisticRateLimits` or `{ users: { limit: 3 } }`. */
  rateLimits?: RateLimitOverrides;
  /** Epoch ms; lets tests move time (token expiry, rate-limit windows, log windows). */
  clock?: () => number;
  /** Request log entries kept (the oldest are dropped beyond it); 100,000 when absent. */
  maxLoggedRequests?: number;
}

export interface OktaSimulator {
  /** `https://localhost:PORT`, the org URL a connector is configured with. */
  orgUrl: string;
  /** `${orgUrl}/oauth2/v1/token`: what client assertions must use as `aud`. */
  tokenUrl: string;
  port: number;
  caCertPem: string;
  faults: OktaFaults;
  stats: OktaSimulatorStats;
  /**
   * Changes to the served org as Okta makes them (timestamps moved, System Log events written); seen by
   * the next request. Bound to the current fixture: `setOrg` gives a new one.
   */
  readonly changes: OktaOrgChanges;
  /** Logged requests whose pathname matches (all when no matcher), oldest first. */
  requests(path?: PathMatcher): RequestLogEntry[];
  /** Serve another fixture from now on (cursors from the previous one become meaningless). */
  setOrg(fixture: OktaOrgFixture): void;
  setRateLimits(limits: RateLimitOverrides): void;
  /**
   * Clears faults, counters, the request log, fault deletions and rate-limit windows, and restores
   * the rate limits given at start; keeps the current fixture and the tokens already issued.
   */
  reset(): void;
  close(): Promise<void>;
}

const MAX_FORM_BYTES = 64 * 1024;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        reject(oauthError(400, 'invalid_request', 'The request body is too large.'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

const DEFAULT_FAULT_CODES: Record<number, string> = {
  400: 'E0000001',
  401: 'E0000011',
  403: 'E0000006',
  404: 'E0000007',
  405: 'E0000022',
  429: 'E0000047',
};

export async function startOktaSimulator(options: OktaSimulatorOptions): Promise<OktaSimulator> {
  const tls = localTls();
  const now = options.clock ?? Date.now;
  let fixture = options.org;
  let org = new OrgIndex(fixture);
  // Changes mark the index stale; it is built again once, before the next request that needs it.
  let stale = false;
  const markChanged = (): void => {
    stale = true;
  };
  let changes = new OktaOrgChanges(fixture, now, markChanged);
  const current = (): OrgIndex => {
    if (stale) {
      org = new OrgIndex(fixture, org.deletedUserIds());
      stale = false;
    }
    return org;
  };
  const limiter = new RateLimiter(options.rateLimits, now);
  const stats: OktaSimulatorStats = { requests: 0, byPath: new Map(), log: [] };
  const maxLogged = options.maxLoggedRequests ?? 100_000;

  // Listen first: the org URL (and so the token URL every assertion names) depends on the port.
  const server = createServer({ key: tls.keyPem, cert: tls.certPem });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const orgUrl = `https://localhost:${port}`;
  const authorizationServer = new OrgAuthorizationServer(orgUrl, () => fixture.serviceApps, now);
  const faults = new OktaFaults({
    deleteUser: (userId) => current().deleteUser(userId),
    revokeTokens: () => authorizationServer.revokeAll(),
  });

  function send(
    response: ServerResponse,
    entry: RequestLogEntry,
    status: number,
    body: string,
    rate: RateLimitState,
    extraHeaders: Record<string, string | string[]> = {},
  ): void {
    entry.status = status;
    // A request whose socket went away (aborted client, oversized body) has nobody to answer.
    if (response.headersSent || response.destroyed) return;
    response.writeHead(status, {
      'content-type': 'application/json',
      'cache-control': 'no-cache, no-store',
      'x-okta-request-id': randomId(27),
      'x-rate-limit-limit': String(rate.limit),
      'x-rate-limit-remaining': String(rate.remaining),
      'x-rate-limit-reset': String(rate.resetAt),
      // Okta's clock, not the host's: clients measure skew and rate-limit resets against it.
      date: new Date(now()).toUTCString(),
      ...extraHeaders,
    });
    response.end(body);
  }

  function applyFault(response: ServerResponse, entry: RequestLogEntry, fault: FaultAction, bucket: RateLimitBucket): void {
    const rate = limiter.peek(bucket);
    switch (fault.kind) {
      case 'dropConnection':
        response.socket?.destroy();
        return;
      case 'malformed':
        send(response, entry, 200, fault.body, rate);
        return;
      case 'rateLimit': {
        const resetAt = Math.ceil(now() / 1000) + fault.resetSeconds;
        send(response, entry, 429, JSON.stringify(oktaErrorBody('E0000047')), { ...rate, remaining: 0, resetAt });
        return;
      }
      case 'status': {
        const code = fault.errorCode ?? DEFAULT_FAULT_CODES[fault.status] ?? 'E0000009';
        send(response, entry, fault.status, JSON.stringify(oktaErrorBody(code, fault.errorSummary)), rate, fault.headers);
        return;
      }
    }
  }

  async function handleApi(request: IncomingMessage, url: URL): Promise<{ body: unknown; headers: Record<string, string | string[]> }> {
    const caller = await authenticateCaller(
      {
        authorization: header(request, 'authorization'),
        dpop: header(request, 'dpop'),
        method: request.method ?? 'GET',
        htu: `${orgUrl}${decodePath(url.pathname)}`,
      },
      fixture.apiTokens,
      authorizationServer,
    );
    const found = findRoute(url.pathname);
    if (!found) throw oktaError(404, 'E0000007', `Not found: Resource not found: ${url.pathname} (Path)`);
    if (request.method !== 'GET') throw oktaError(405, 'E0000022');
    requireScope(caller, found.route.scope, url.pathname, orgUrl);
    const result = await found.route.handle({
      url,
      params: found.params,
      org: current(),
      orgUrl,
      now: now(),
      omitCredentials: /okta-response=[^;]*omitCredentials/.test(header(request, 'content-type') ?? ''),
    });
    const headers: Record<string, string | string[]> = {};
    if (result.paging) headers.link = linkHeader(orgUrl, url, result.paging.next);
    return { body: result.body, headers };
  }

  async function handleToken(request: IncomingMessage): Promise<{ body: unknown; headers: Record<string, string> }> {
    if (request.method !== 'POST') throw oktaError(405, 'E0000022');
    const form = new URLSearchParams(await readBody(request));
    const body = await authorizationServer.token(form, header(request, 'dpop'));
    return { body, headers: { 'cache-control': 'no-store', pragma: 'no-cache' } };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', orgUrl);
    const entry: RequestLogEntry = { at: now(), method: request.method ?? 'GET', path: url.pathname, query: url.search, status: 0 };
    stats.requests += 1;
    stats.byPath.set(url.pathname, (stats.byPath.get(url.pathname) ?? 0) + 1);
    stats.log.push(entry);
    // Trim in halves so a long benchmark keeps the log bounded at O(1) amortised cost.
    if (stats.log.length > 2 * maxLogged) stats.log.splice(0, stats.log.length - maxLogged);

    const bucket = rateLimitBucketFor(url.pathname);
    const fault = faults.next(url.pathname);
    if (fault) {
      applyFault(response, entry, fault, bucket);
      return;
    }
    const rate = limiter.take(bucket);
    if (!rate.allowed) {
      send(response, entry, 429, JSON.stringify(oktaErrorBody('E0000047')), rate);
      return;
    }
    try {
      const result =
        url.pathname === '/oauth2/v1/token'
          ? await handleToken(request)
          : url.pathname.startsWith('/api/v1/')
            ? await handleApi(request, url)
            : undefined;
      if (!result) throw oktaError(404, 'E0000007', `Not found: Resource not found: ${url.pathname} (Path)`);
      send(response, entry, 200, JSON.stringify(result.body), rate, result.headers);
    } catch (error) {
      if (error instanceof SimulatorHttpError) {
        send(response, entry, error.status, JSON.stringify(error.body), rate, error.headers);
      } else {
        const detail = error instanceof Error ? error.message : String(error);
        send(response, entry, 500, JSON.stringify(oktaErrorBody('E0000009', 'Internal Server Error', [detail])), rate);
      }
    }
  }

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void handle(request, response);
  });

  return {
    orgUrl,
    tokenUrl: authorizationServer.tokenUrl,
    port,
    caCertPem: tls.caCertPem,
    faults,
    stats,
    requests: (path) => stats.log.filter((entry) => matchesPath(path, entry.path)),
    get changes() {
      return changes;
    },
    setOrg(next) {
      fixture = next;
      org = new OrgIndex(next);
      stale = false;
      changes = new OktaOrgChanges(next, now, markChanged);
    },
    setRateLimits(limits) {
      limiter.configure(limits);
    },
    reset() {
      faults.clear();
      limiter.reset();
      stats.requests = 0;
      stats.byPath.clear();
      stats.log.length = 0;
      org = new OrgIndex(fixture);
      stale = false;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
