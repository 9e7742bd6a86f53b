/**
 * One Graph request, end to end, in the order the real service fails them: injected faults,
 * token validation, routing, permissions and licence, query validation, page token checks,
 * throttling, and finally the data. Used for plain requests and for each $batch sub-request.
 */
import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { AccessTokenService, AppTokenClaims } from './access-token.js';
import type { EntraFaults, FaultAction, FaultKind } from './faults.js';
import { checkAccess } from './graph-access.js';
import { parseBatch, runBatch } from './graph-batch.js';
import { deltaErrors, type DeltaResponder } from './graph-delta.js';
import { defaultErrorFor, GraphError, graphErrorBody, graphErrors } from './graph-error.js';
import { parseQuery, type ParsedQuery } from './graph-query.js';
import { contextUrl, countAll, readPage, render } from './graph-response.js';
import { matchRoute, type RouteContext, type RouteDef } from './graph-routes.js';
import type { PageTokenCodec } from './page-token.js';
import type { TenantStore } from './tenant-store.js';
import { resourceUnitCost, type ThrottleCharge, type Throttler } from './throttling.js';

export interface GraphEnv {
  origin: string;
  nowMs(): number;
  tenantById(tenantId: string): TenantStore | undefined;
  tokens: AccessTokenService;
  /** Token audiences Graph accepts. */
  audiences: readonly string[];
  faults: EntraFaults;
  throttler: Throttler;
  pageTokens: PageTokenCodec;
  pageTokenTtlMs(): number;
  /** `/users/delta` and `/groups/delta`. */
  delta: DeltaResponder;
  /** Seeds the order $batch responses are shuffled into. */
  seed: number;
}

export interface GraphRequest {
  method: string;
  version: string;
  /** Pathname after the version segment, still percent-encoded. */
  rawPath: string;
  search: URLSearchParams;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | undefined>>;
  inBatch: boolean;
  /** $batch sub-requests reuse the envelope's verified token. */
  claims?: AppTokenClaims;
  /** Request body (only $batch has one). */
  body?: string;
}

export type GraphBody =
  | { type: 'json'; value: unknown }
  | { type: 'text'; value: string }
  /** Bytes sent as-is with a JSON content type (malformed-body faults). */
  | { type: 'raw'; value: string };

export interface GraphResponse {
  status: number;
  headers: Record<string, string>;
  body?: GraphBody;
  /** Destroy the connection instead of answering. */
  drop?: boolean;
  /** Decoded path after the version, for logs and fault matching. */
  path: string;
  /** The request followed a nextLink. */
  skiptoken: boolean;
  route?: string;
  tenantId?: string;
  fault?: FaultKind;
  /** For a $batch: what each sub-request got. */
  subResponses?: GraphResponse[];
}

const JSON_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function unverifiedTenant(authorization: string | undefined): string | undefined {
  const token = /^Bearer\s+(\S+)/i.exec(authorization ?? '')?.[1];
  if (!token) return undefined;
  try {
    const tid = decodeJwt(token).tid;
    return typeof tid === 'string' ? tid : undefined;
  } catch {
    return undefined;
  }
}

export class GraphPipeline {
  private batches = 0;

  constructor(private readonly env: GraphEnv) {}

  async execute(req: GraphRequest): Promise<GraphResponse> {
    const requestId = randomUUID();
    const ids = { requestId, clientRequestId: req.headers['client-request-id'] ?? requestId };
    const baseHeaders: Record<string, string> = {
      'request-id': ids.requestId,
      'client-request-id': ids.clientRequestId,
      'x-ms-ags-diagnostic': JSON.stringify({ ServerInfo: { DataCenter: 'Local Simulator', Slice: 'E', Ring: '1', ScaleUnit: '000', RoleInstance: 'SIM' } }),
    };
    const path = safeDecode(req.rawPath);
    const hasSkipToken = [...req.search.keys()].some((k) => k.toLowerCase() === '$skiptoken');
    const hasDeltaToken = [...req.search].some(([k, v]) => k.toLowerCase() === '$deltatoken' && v.toLowerCase() !== 'latest');
    const response: GraphResponse = { status: 200, headers: baseHeaders, path, skiptoken: hasSkipToken };
    const tenantHint = req.claims?.tid ?? unverifiedTenant(req.headers.authorization);
    if (tenantHint) response.tenantId = tenantHint;

    const fail = (error: GraphError): GraphResponse => {
      response.status = error.status;
      Object.assign(response.headers, error.headers, { 'Content-Type': 'application/json' });
      response.body = { type: 'json', value: graphErrorBody(error, ids, this.env.nowMs()) };
      return response;
    };

    const action = this.env.faults.evaluate({
      path,
      method: req.method,
      tenantId: tenantHint,
      hasSkipToken,
      hasDeltaToken,
      inBatch: req.inBatch,
    });
    // A reset answers with a Location built from the token's own query, so it is applied by the delta route.
    let forceDeltaReset = false;
    if (action) {
      response.fault = action.kind;
      if (action.kind === 'resetDeltaSync') forceDeltaReset = true;
      const faulted = this.applyFault(action, response, req, fail);
      if (faulted) return faulted;
    }

    try {
      const claims = req.claims ?? (await this.env.tokens.verify(req.headers.authorization, this.env.audiences, this.env.nowMs()));
      const store = this.env.tenantById(claims.tid);
      if (!store) throw graphErrors.invalidToken('Access token validation failure. Invalid issuer.');
      response.tenantId = store.tenantId;
      if (path === '/$batch' && !req.inBatch) {
        if (req.method !== 'POST') throw graphErrors.methodNotAllowed();
        return await this.batch(req, claims, response);
      }
      if (req.method !== 'GET') throw graphErrors.methodNotAllowed();

      const segments = path.split('/').filter(Boolean);
      const matched = matchRoute(segments);
      if (!matched) throw graphErrors.unknownSegment(segments[segments.length - 1] ?? '');
      const { def, params } = matched;
      response.route = def.pattern;
      checkAccess(def.access, claims, store.fixture);

      if (def.shape === 'delta') {
        const call = this.env.delta.prepare({
          kind: def.pattern.startsWith('/users') ? 'user' : 'group',
          store,
          base: `${this.env.origin}/${req.version}`,
          path,
          search: req.search,
          headers: req.headers,
          nowMs: this.env.nowMs(),
          forceReset: forceDeltaReset,
        });
        response.headers['x-ms-resource-unit'] = String(this.throttle(def, call.query, claims, store, []));
        response.headers['Content-Type'] = JSON_TYPE;
        response.body = { type: 'json', value: call.answer() };
        return response;
      }

      const { query, resumeAt } = this.readQuery(req, def, path, store);
      const refinement = def.refine?.(query);
      for (const rule of refinement?.access ?? []) checkAccess(rule, claims, store.fixture);
      if (refinement?.maxPageSize !== undefined) query.pageSize = Math.min(query.pageSize, refinement.maxPageSize);

      const units = this.throttle(def, query, claims, store, refinement?.charges ?? []);
      response.headers['x-ms-resource-unit'] = String(units);

      const ctx: RouteContext = { store, params, query, claims };
      return this.answer(def, ctx, req, path, resumeAt, response);
    } catch (error) {
      if (error instanceof GraphError) return fail(error);
      const message = error instanceof Error ? error.message : String(error);
      return fail(new GraphError(500, 'InternalServerError', `Simulator error: ${message}`));
    }
  }

  private async batch(req: GraphRequest, claims: AppTokenClaims, response: GraphResponse): Promise<GraphResponse> {
    const items = parseBatch(req.body ?? '');
    const outcome = await runBatch(this, items, {
      version: req.version,
      claims,
      outerHeaders: req.headers,
      seed: this.env.seed + 7919 * ++this.batches,
      nowMs: this.env.nowMs(),
    });
    response.route = '/$batch';
    response.subResponses = outcome.executed;
    response.headers['Content-Type'] = 'application/json';
    response.body = { type: 'json', value: { responses: outcome.responses } };
    return response;
  }

  private applyFault(
    action: FaultAction,
    response: GraphResponse,
    req: GraphRequest,
    fail: (e: GraphError) => GraphResponse,
  ): GraphResponse | undefined {
    switch (action.kind) {
      case 'dropConnection':
        response.drop = true;
        return response;
      case 'status': {
        const defaults = defaultErrorFor(action.status);
        const headers: Record<string, string> = action.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(action.retryAfterSeconds) };
        return fail(new GraphError(action.status, action.code ?? defaults.code, action.message ?? defaults.message, headers));
      }
      case 'throttle':
        return fail(graphErrors.tooManyRequests(action.retryAfterSeconds));
      case 'expirePageToken':
        return fail(graphErrors.expiredPageToken());
      case 'expireDeltaToken':
        return fail(deltaErrors.expired());
      case 'resetDeltaSync':
        return undefined;
      case 'malformed': {
        const context = `${this.env.origin}/${req.version}/$metadata#${response.path.split('/').filter(Boolean)[0] ?? ''}`;
        response.headers['Content-Type'] = JSON_TYPE;
        response.body =
          action.body === 'invalidJson'
            ? { type: 'raw', value: `{"@odata.context":"${context}","value":[{"id":"` }
            : { type: 'json', value: { '@odata.context': context } };
        return response;
      }
    }
  }

  /** Either the request's own query, or the one sealed in its `$skiptoken`. */
  private readQuery(req: GraphRequest, def: RouteDef, path: string, store: TenantStore): { query: ParsedQuery; resumeAt?: number } {
    const rules = { ...def.rules, isCollection: def.shape === 'collection' };
    const token = [...req.search].find(([k]) => k.toLowerCase() === '$skiptoken')?.[1];
    if (token === undefined) return { query: parseQuery(req.search, req.headers, rules) };
    const state = this.env.pageTokens.decode(token);
    if (!state || state.path !== path || state.tenantId !== store.tenantId || def.shape !== 'collection') {
      throw graphErrors.invalidPageToken();
    }
    if (this.env.nowMs() - state.issuedAtMs > this.env.pageTokenTtlMs()) throw graphErrors.expiredPageToken();
    const query = parseQuery(new URLSearchParams(state.query.map(([k, v]): [string, string] => [k, v])), req.headers, rules);
    return { query, resumeAt: state.offset };
  }

  private throttle(def: RouteDef, query: ParsedQuery, claims: AppTokenClaims, store: TenantStore, extra: RouteDef['family'][]): number {
    const appScope = `${store.tenantId}/${claims.appid}`;
    const units =
      def.family === 'directory'
        ? resourceUnitCost(def.cost, { select: query.select !== undefined, expand: query.expand.length > 0, ...(query.requestedTop === undefined ? {} : { top: query.requestedTop }) })
        : 1;
    const charges: ThrottleCharge[] = [
      // Conditional access is limited per tenant across all apps.
      { family: def.family, scope: def.family === 'conditionalAccess' ? store.tenantId : appScope, cost: units },
      ...extra.map((family) => ({ family, scope: appScope, cost: 1 })),
    ];
    const denied = this.env.throttler.take(charges, this.env.nowMs());
    if (!denied) return units;
    const headers = {
      'x-ms-throttle-scope': `Tenant_Application/ReadWrite/${claims.appid}/${store.tenantId}`,
      'x-ms-throttle-information': denied.family === 'directory' ? 'ResourceUnitLimitExceeded' : 'RequestLimitExceeded',
    };
    // Conditional access 429s carry no Retry-After: clients must back off on their own.
    throw graphErrors.tooManyRequests(denied.family === 'conditionalAccess' ? undefined : denied.retryAfterSeconds, headers);
  }

  private answer(def: RouteDef, ctx: RouteContext, req: GraphRequest, path: string, resumeAt: number | undefined, response: GraphResponse): GraphResponse {
    const base = `${this.env.origin}/${req.version}`;
    const resolution = def.resolve(ctx);
    if (resolution.type === 'entity') {
      response.headers['Content-Type'] = JSON_TYPE;
      response.body = {
        type: 'json',
        value: { '@odata.context': contextUrl(base, resolution.context, ctx.query, true), ...render(resolution.found, def, ctx) },
      };
      return response;
    }
    if (def.shape === 'count') {
      if (!ctx.query.eventual) throw graphErrors.countWithoutConsistencyLevel();
      response.headers['Content-Type'] = 'text/plain';
      response.body = { type: 'text', value: String(countAll(resolution, ctx.query)) };
      return response;
    }
    const page = readPage(resolution, ctx.query, resumeAt ?? resolution.start);
    const envelope: Record<string, unknown> = { '@odata.context': contextUrl(base, resolution.context, ctx.query, false) };
    if (ctx.query.count) envelope['@odata.count'] = countAll(resolution, ctx.query);
    if (page.next !== undefined) {
      const token = this.env.pageTokens.encode({
        path,
        tenantId: ctx.store.tenantId,
        query: ctx.query.params,
        offset: page.next,
        issuedAtMs: this.env.nowMs(),
      });
      const params = [...ctx.query.params, ['$skiptoken', token] as const].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
      envelope['@odata.nextLink'] = `${base}${req.rawPath}?${params}`;
    }
    envelope.value = page.items.map((found) => render(found, def, ctx));
    response.headers['Content-Type'] = JSON_TYPE;
    response.body = { type: 'json', value: envelope };
    return response;
  }
}
