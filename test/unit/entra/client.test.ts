import { describe, expect, it } from 'vitest';
import { GraphClient, type BatchRequest } from '../../../src/ingest/entra/client.js';
import { DEFAULT_RETRY, type HttpClient, type HttpRequest, type HttpResponse } from '../../../src/ingest/http.js';
import { TwinError } from '../../../src/errors.js';

const ORIGIN = 'https://graph.example.test';

function response(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    status,
    headers,
    headerValues: () => [],
    text,
    json: <T>() => {
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new TwinError('UPSTREAM_BAD_RESPONSE', 'not JSON');
      }
    },
  };
}

function client(answer: (req: HttpRequest, n: number) => HttpResponse) {
  const requests: HttpRequest[] = [];
  const waits: number[] = [];
  const tokens: boolean[] = [];
  const http = {
    send: async (req: HttpRequest) => {
      requests.push(req);
      return answer(req, requests.length);
    },
  } as unknown as HttpClient;
  const graph = new GraphClient({
    http,
    graphEndpoint: ORIGIN,
    tokens: { token: async (_s, force) => { tokens.push(force === true); return force ? 'fresh' : 'cached'; } },
    retry: { ...DEFAULT_RETRY, maxRetries: 3 },
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 1,
  });
  return { graph, requests, waits, tokens };
}

async function all<T>(it: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of it) out.push(...page);
  return out;
}

describe('GraphClient.pages', () => {
  it('follows nextLink exactly as given, with the bearer token and bucket', async () => {
    const next = `${ORIGIN}/v1.0/users?$select=id&$top=2&$skiptoken=AbC%2Bd`;
    const c = client((req) => (req.url === next ? response(200, { value: [{ id: '3' }] }) : response(200, { value: [{ id: '1' }, { id: '2' }], '@odata.nextLink': next })));
    expect(await all(c.graph.pages<{ id: string }>('/users?$select=id&$top=2', { bucket: 'graph:directory' }))).toEqual([{ id: '1' }, { id: '2' }, { id: '3' }]);
    expect(c.requests.map((r) => r.url)).toEqual([`${ORIGIN}/v1.0/users?$select=id&$top=2`, next]);
    expect(c.requests[0]?.headers?.authorization).toBe('Bearer cached');
    expect(c.requests[0]?.bucket).toBe('graph:directory');
  });

  it('never sends the token to another host', async () => {
    const c = client(() => response(200, { value: [], '@odata.nextLink': 'https://evil.example/v1.0/users?$skiptoken=x' }));
    await expect(all(c.graph.pages('/users', { bucket: 'b' }))).rejects.toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
    expect(c.requests).toHaveLength(1);
  });

  it('fails a page without a value array', async () => {
    const c = client(() => response(200, { items: [] }));
    await expect(all(c.graph.pages('/groups', { bucket: 'b' }))).rejects.toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
  });

  it('restarts from the first page when a page token expired, at most twice', async () => {
    const expired = response(400, { error: { code: 'Directory_ExpiredPageToken', message: 'expired' } });
    let restarts = 0;
    const c = client((req, n) => (req.url.includes('skiptoken') ? (n < 4 ? expired : response(200, { value: [{ id: 'b' }] })) : response(200, { value: [{ id: 'a' }], '@odata.nextLink': `${ORIGIN}/v1.0/groups?$skiptoken=1` })));
    const items = await all(c.graph.pages('/groups', { bucket: 'b', onRestart: () => (restarts += 1) }));
    expect(restarts).toBe(1);
    expect(items).toEqual([{ id: 'a' }, { id: 'a' }, { id: 'b' }]);
    const always = client((req) => (req.url.includes('skiptoken') ? expired : response(200, { value: [], '@odata.nextLink': `${ORIGIN}/v1.0/groups?$skiptoken=1` })));
    await expect(all(always.graph.pages('/groups', { bucket: 'b' }))).rejects.toMatchObject({ providerCode: 'Directory_ExpiredPageToken' });
    expect(always.requests).toHaveLength(6);
  });

  it('gets a fresh token once after a 401, and retries a listed refusal once', async () => {
    const c = client((_req, n) => (n === 1 ? response(401, { error: { code: 'InvalidAuthenticationToken' } }) : response(200, { value: [] })));
    await all(c.graph.pages('/users', { bucket: 'b' }));
    expect(c.tokens).toEqual([false, true]);
    const refusal = response(403, { error: { code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant' } });
    const r = client((_req, n) => (n === 1 ? refusal : response(200, { value: [] })));
    await all(r.graph.pages('/users', { bucket: 'b', retryOnceOn: ['Authentication_RequestFromNonPremiumTenantOrB2CTenant'] }));
    expect(r.requests).toHaveLength(2);
    const twice = client(() => refusal);
    await expect(all(twice.graph.pages('/users', { bucket: 'b', retryOnceOn: ['Authentication_RequestFromNonPremiumTenantOrB2CTenant'] }))).rejects.toMatchObject({
      code: 'UPSTREAM_LICENSE_REQUIRED',
    });
    expect(twice.requests).toHaveLength(2);
  });
});

describe('GraphClient.batch', () => {
  const reqs: BatchRequest[] = [{ id: '1', url: '/groups/a/members' }, { id: '2', url: '/groups/b/members' }, { id: '3', url: '/groups/c/members' }];

  it('re-sends only the throttled requests after the longest inner Retry-After and returns responses in request order', async () => {
    const c = client((req, n) => {
      const body = JSON.parse(req.body ?? '{}') as { requests: Array<{ id: string; url: string }> };
      expect(req.method).toBe('POST');
      expect(req.url).toBe(`${ORIGIN}/v1.0/$batch`);
      if (n === 1) {
        expect(body.requests.map((r) => r.id)).toEqual(['1', '2', '3']);
        return response(200, {
          responses: [
            { id: '3', status: 429, headers: { 'Retry-After': '2' }, body: { error: { code: 'TooManyRequests' } } },
            { id: '1', status: 200, body: { value: [{ id: 'u1' }] } },
            { id: '2', status: 429, headers: { 'retry-after': '5' }, body: { error: { code: 'TooManyRequests' } } },
          ],
        });
      }
      expect(body.requests.map((r) => r.id)).toEqual(['2', '3']);
      return response(200, { responses: [{ id: '2', status: 404, body: { error: { code: 'Request_ResourceNotFound' } } }, { id: '3', status: 200, body: '{"value":[]}' }] });
    });
    const out = await c.graph.batch(reqs, { bucket: 'graph:directory' });
    expect(out.map((r) => [r.id, r.status])).toEqual([['1', 200], ['2', 404], ['3', 200]]);
    expect(out[2]?.body).toEqual({ value: [] });
    expect(c.waits).toEqual([5000]);
  });

  it('returns the last 429 once the retry budget is spent, and rejects a response set missing an id', async () => {
    const c = client(() => response(200, { responses: [{ id: '1', status: 429, headers: {} }] }));
    const out = await c.graph.batch([{ id: '1', url: '/x' }], { bucket: 'b' });
    expect(out[0]?.status).toBe(429);
    expect(c.waits).toEqual([500, 1000, 2000]);
    const missing = client(() => response(200, { responses: [] }));
    await expect(missing.graph.batch([{ id: '1', url: '/x' }], { bucket: 'b' })).rejects.toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
  });

  it('stops re-sending once the inner waits would pass the request deadline (maxTotalWaitMs), and returns the 429', async () => {
    // Graph advises 50 s each time; the deadline is 2 minutes: two waits fit, the third does not.
    const c = client(() => response(200, { responses: [{ id: '1', status: 429, headers: { 'Retry-After': '50' } }] }));
    const out = await c.graph.batch([{ id: '1', url: '/x' }], { bucket: 'b' });
    expect(out[0]?.status).toBe(429);
    expect(c.waits).toEqual([50_000, 50_000]);
    expect(c.requests).toHaveLength(3);
  });

  it('refuses more than 20 requests', async () => {
    const c = client(() => response(200, { responses: [] }));
    await expect(c.graph.batch(Array.from({ length: 21 }, (_, i) => ({ id: String(i), url: '/x' })), { bucket: 'b' })).rejects.toThrow(RangeError);
  });
});
