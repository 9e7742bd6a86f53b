/**
 * One HTTPS server that plays both login.microsoftonline.com and graph.microsoft.com for any
 * number of tenants, from in-memory fixtures. Tests point MSAL at `authority(tenantId)` with
 * `knownAuthorities: [knownAuthority]` and Graph calls at `graphEndpoint`, trusting `caCertPem`.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { localTls } from '../tls.js';
import { AccessTokenService, GRAPH_APP_ID } from './access-token.js';
import { ChangeLog } from './change-log.js';
import { EntraFaults, type FaultAction, type PathMatcher } from './faults.js';
import type { EntraObjectKind, EntraTenantFixture } from './fixture.js';
import { DEFAULT_DELTA_SETTINGS, DeltaResponder, DeltaTokenCodec, type DeltaSettings } from './graph-delta.js';
import { GraphPipeline, type GraphResponse } from './graph-pipeline.js';
import { aadError, handleLoginRequest, type LoginContext, type LoginResponse } from './login-endpoints.js';
import { PageTokenCodec } from './page-token.js';
import { RequestLog, type EntraStats, type RequestLogEntry } from './request-log.js';
import { TenantMutations } from './mutations.js';
import { TenantStore } from './tenant-store.js';
import { recordDiff, snapshotTracked } from './tracked-diff.js';
import { generousThrottling, Throttler, type ThrottlingConfig } from './throttling.js';

export interface EntraSimulatorOptions {
  tenants: EntraTenantFixture[];
  /** 0 (default) picks a free port. */
  port?: number;
  /** Defaults to generous limits that never throttle; see `realisticThrottling`. */
  throttling?: ThrottlingConfig;
  /** Age after which a nextLink's `$skiptoken` is rejected with Directory_ExpiredPageToken. Default 1 h. */
  pageTokenTtlMs?: number;
  /** Delta query tokens and page sizes (see graph-delta.ts); defaults: 7 days, 100 objects, 1000 members. */
  delta?: Partial<DeltaSettings>;
  /** Clock for token expiry, page-token age and throttling. Default Date.now. */
  now?: () => number;
  /** Seeds the $batch response order. */
  seed?: number;
  /** Request log entries kept (at least). Default 10,000. */
  logLimit?: number;
}

export interface IssueTokenOptions {
  tenantId: string;
  clientId: string;
  /** Defaults to the client's consented permissions. */
  roles?: string[];
  /** Defaults to the simulator's Graph endpoint. */
  audience?: string;
  /** Default 3599; negative mints an already expired token. */
  expiresInSeconds?: number;
}

export interface EntraSimulator {
  /** `https://localhost:PORT`: the MSAL authority is `${authorityHost}/${tenantId}`. */
  authorityHost: string;
  /** Same origin: Graph URLs are `${graphEndpoint}/v1.0/...`; token scope `${graphEndpoint}/.default`. */
  graphEndpoint: string;
  port: number;
  /** `localhost:PORT`, for MSAL's `knownAuthorities`. */
  knownAuthority: string;
  caCertPem: string;
  faults: EntraFaults;
  stats: EntraStats;
  /** Changeable while running, e.g. `deltaTokenTtlMs = 0` expires every delta token. */
  settings: { pageTokenTtlMs: number } & DeltaSettings;
  authority(tenantIdOrDomain: string): string;
  /** Request log, oldest first, optionally filtered by path. */
  requests(matcher?: PathMatcher): RequestLogEntry[];
  setThrottling(config: ThrottlingConfig): void;
  /** Adds or replaces a tenant (by tenantId), e.g. to change data between two syncs. */
  setTenant(fixture: EntraTenantFixture): void;
  /**
   * Mutates a tenant's fixture in place, then re-indexes it. What changed in users, groups and memberships
   * is recorded for delta queries (as `setTenant` over an existing tenant does).
   */
  updateTenant(tenantId: string, mutate: (fixture: EntraTenantFixture) => void): void;
  /** Tracked changes to one tenant (users, groups, members, MFA, sign-ins): see mutations.ts. */
  mutate(tenantId: string): TenantMutations;
  removeTenant(tenantId: string): void;
  tenant(tenantIdOrDomain: string): EntraTenantFixture | undefined;
  /** A token as the token endpoint would mint it, for tests of expired or foreign tokens. */
  issueAccessToken(opts: IssueTokenOptions): Promise<string>;
  /** Clears faults, counters, the request log and throttle buckets; keeps tenants. */
  reset(): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

function lowerHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function retryAfterOf(headers: Record<string, string>): number | undefined {
  const value = headers['Retry-After'];
  return value === undefined ? undefined : Number(value);
}

export async function startEntraSimulator(opts: EntraSimulatorOptions): Promise<EntraSimulator> {
  const tls = localTls();
  const nowMs = opts.now ?? Date.now;
  const tenants = new Map<string, TenantStore>();
  const tenantNames = new Map<string, string>();

  /** Change logs outlive re-indexing: delta tokens issued before an edit still describe what it changed. */
  const changeLogs = new Map<string, ChangeLog>();
  const indexTenant = (fixture: EntraTenantFixture): void => {
    const id = fixture.tenantId.toLowerCase();
    for (const [name, owner] of [...tenantNames]) if (owner === id) tenantNames.delete(name);
    let log = changeLogs.get(id);
    if (!log) {
      log = new ChangeLog();
      changeLogs.set(id, log);
    }
    tenants.set(id, new TenantStore(fixture, log));
    tenantNames.set(id, id);
    for (const domain of fixture.verifiedDomains) tenantNames.set(domain.toLowerCase(), id);
  };
  const findTenant = (nameOrId: string): TenantStore | undefined => {
    const id = tenantNames.get(nameOrId.toLowerCase());
    return id === undefined ? undefined : tenants.get(id);
  };
  for (const fixture of opts.tenants) indexTenant(fixture);

  const deleteObject = (kind: EntraObjectKind, id: string, tenantId: string | undefined): void => {
    for (const store of tenants.values()) {
      if (tenantId === undefined || store.tenantId.toLowerCase() === tenantId.toLowerCase()) store.delete(kind, id);
    }
  };

  const settings = { pageTokenTtlMs: opts.pageTokenTtlMs ?? 3600_000, ...DEFAULT_DELTA_SETTINGS, ...opts.delta };
  const faults = new EntraFaults(deleteObject);
  const throttler = new Throttler(opts.throttling ?? generousThrottling);
  const tokens = new AccessTokenService();
  const log = new RequestLog(opts.logLimit ?? 10_000);

  const server: Server = createServer({ key: tls.keyPem, cert: tls.certPem });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `https://localhost:${port}`;
  const audiences = [origin, `${origin}/`, GRAPH_APP_ID];

  const pipeline = new GraphPipeline({
    origin,
    nowMs,
    tenantById: (tid) => tenants.get(tid.toLowerCase()),
    tokens,
    audiences,
    faults,
    throttler,
    pageTokens: new PageTokenCodec(),
    pageTokenTtlMs: () => settings.pageTokenTtlMs,
    delta: new DeltaResponder(new DeltaTokenCodec(), () => settings),
    seed: opts.seed ?? 20_250_304,
  });
  const loginContext: LoginContext = { origin, findTenant, tokens, nowMs, graphAudiences: [origin] };

  const send = (res: ServerResponse, status: number, headers: Record<string, string>, body: string | undefined): void => {
    res.writeHead(status, headers);
    res.end(body);
  };

  const logGraph = (r: GraphResponse, method: string, batch: boolean): void => {
    const entry: Omit<RequestLogEntry, 'seq'> = { at: nowMs(), method, path: r.path, status: r.status, batch, skiptoken: r.skiptoken };
    if (r.route !== undefined) entry.route = r.route;
    if (r.tenantId !== undefined) entry.tenantId = r.tenantId;
    if (r.fault !== undefined) entry.fault = r.fault;
    const retryAfter = retryAfterOf(r.headers);
    if (retryAfter !== undefined) entry.retryAfter = retryAfter;
    log.record(entry);
  };

  const handleGraph = async (req: IncomingMessage, res: ServerResponse, url: URL, version: string, rawPath: string): Promise<void> => {
    const method = req.method ?? 'GET';
    const body = method === 'POST' ? await readBody(req) : undefined;
    const result = await pipeline.execute({
      method,
      version,
      rawPath,
      search: url.searchParams,
      headers: lowerHeaders(req),
      inBatch: false,
      ...(body === undefined ? {} : { body }),
    });
    logGraph(result, method, false);
    for (const sub of result.subResponses ?? []) logGraph(sub, 'GET', true);
    if (result.drop) {
      req.socket.destroy();
      return;
    }
    const payload = result.body === undefined ? undefined : result.body.type === 'json' ? JSON.stringify(result.body.value) : result.body.value;
    send(res, result.status, result.headers, payload);
  };

  /** Login endpoints fail in AAD's shape, not Graph's. */
  const loginFault = (action: FaultAction): LoginResponse | 'drop' | 'malformed' => {
    switch (action.kind) {
      case 'dropConnection':
        return 'drop';
      case 'malformed':
      case 'expirePageToken':
      case 'expireDeltaToken':
      case 'resetDeltaSync':
        return 'malformed';
      case 'status':
      case 'throttle': {
        const status = action.kind === 'status' ? action.status : 429;
        const error = action.kind === 'status' ? (action.code ?? (status >= 500 ? 'temporarily_unavailable' : 'invalid_request')) : 'temporarily_unavailable';
        const message = (action.kind === 'status' ? action.message : undefined) ?? 'A transient error has occurred. Please try again.';
        const response = aadError(loginContext, status, error, 90033, message);
        if (action.retryAfterSeconds !== undefined) response.headers = { 'Retry-After': String(action.retryAfterSeconds) };
        return response;
      }
    }
  };

  const handleLogin = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const method = req.method ?? 'GET';
    const body = method === 'POST' ? await readBody(req) : '';
    let path = url.pathname;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      // keep the raw path
    }
    const tenantSegment = path.split('/').filter(Boolean)[0];
    const action = faults.evaluate({
      path,
      method,
      tenantId: tenantSegment === undefined ? undefined : findTenant(tenantSegment)?.tenantId,
      hasSkipToken: false,
      hasDeltaToken: false,
      inBatch: false,
    });
    const faulted = action ? loginFault(action) : undefined;
    const result =
      faulted ??
      (await handleLoginRequest(loginContext, { method, path, query: url.searchParams, headers: lowerHeaders(req), body })) ?? {
        status: 404,
        body: { error: 'not_found', error_description: `No simulated login endpoint at ${path}.` },
      };

    const entry: Omit<RequestLogEntry, 'seq'> = { at: nowMs(), method, path, status: 0, batch: false, skiptoken: false };
    if (action) entry.fault = action.kind;
    if (result === 'drop') {
      log.record(entry);
      req.socket.destroy();
      return;
    }
    if (result === 'malformed') {
      log.record({ ...entry, status: 200 });
      send(res, 200, { 'Content-Type': 'application/json; charset=utf-8' }, '{"token_type":"Bearer","access_');
      return;
    }
    entry.status = result.status;
    const retryAfter = result.headers?.['Retry-After'];
    if (retryAfter !== undefined) entry.retryAfter = Number(retryAfter);
    log.record(entry);
    send(
      res,
      result.status,
      { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store, no-cache', ...result.headers },
      JSON.stringify(result.body),
    );
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    log.countHttpRequest();
    const url = new URL(req.url ?? '/', origin);
    const graph = /^\/(v1\.0|beta)(\/.*)?$/i.exec(url.pathname);
    const work = graph ? handleGraph(req, res, url, graph[1] ?? 'v1.0', graph[2] ?? '/') : handleLogin(req, res, url);
    work.catch((error: unknown) => {
      if (res.headersSent) return;
      send(res, 500, { 'Content-Type': 'text/plain' }, `simulator error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });

  return {
    authorityHost: origin,
    graphEndpoint: origin,
    port,
    knownAuthority: `localhost:${port}`,
    caCertPem: tls.caCertPem,
    faults,
    stats: log.stats,
    settings,
    authority: (tenant) => `${origin}/${tenant}`,
    requests: (matcher) => log.find(matcher),
    setThrottling: (config) => throttler.configure(config),
    setTenant(fixture) {
      const previous = tenants.get(fixture.tenantId.toLowerCase());
      const before = previous ? snapshotTracked(previous.fixture) : undefined;
      indexTenant(fixture);
      const log = changeLogs.get(fixture.tenantId.toLowerCase());
      if (before && log) recordDiff(before, fixture, log);
    },
    updateTenant(tenantId, mutate) {
      const store = tenants.get(tenantId.toLowerCase());
      if (!store) throw new Error(`Unknown simulated tenant ${tenantId}`);
      const before = snapshotTracked(store.fixture);
      mutate(store.fixture);
      indexTenant(store.fixture);
      recordDiff(before, store.fixture, store.changes);
    },
    mutate(tenantId) {
      const id = findTenant(tenantId)?.tenantId.toLowerCase();
      if (id === undefined) throw new Error(`Unknown simulated tenant ${tenantId}`);
      return new TenantMutations(() => {
        const store = tenants.get(id);
        if (!store) throw new Error(`Simulated tenant ${tenantId} was removed`);
        return store;
      });
    },
    removeTenant(tenantId) {
      const id = tenantId.toLowerCase();
      tenants.delete(id);
      // A tenant added again later starts a new history: older tokens get 410 resyncRequired.
      const log = changeLogs.get(id);
      if (log) log.epoch++;
      for (const [name, owner] of [...tenantNames]) if (owner === id) tenantNames.delete(name);
    },
    tenant: (nameOrId) => findTenant(nameOrId)?.fixture,
    async issueAccessToken(o) {
      const store = findTenant(o.tenantId);
      const client = store?.fixture.clients.find((c) => c.clientId.toLowerCase() === o.clientId.toLowerCase());
      const sp = store?.servicePrincipalByAppId(o.clientId);
      return tokens.mint({
        tenantId: store?.tenantId ?? o.tenantId,
        clientId: o.clientId,
        audience: o.audience ?? origin,
        roles: o.roles ?? client?.appPermissions ?? [],
        ...(sp ? { servicePrincipalId: sp.id } : {}),
        nowMs: nowMs(),
        lifetimeSeconds: o.expiresInSeconds ?? 3599,
      });
    },
    reset() {
      faults.clear();
      log.reset();
      throttler.reset();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
