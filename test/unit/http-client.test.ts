/** The shared HTTP client against a real local HTTPS server: retries, waits and TLS trust. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/ingest/http.js';
import { localTls } from '../../dev/simulators/tls.js';

type Handler = (attempt: number, req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = (_a, _q, res) => res.end('{}');
let attempts = 0;
let server: https.Server;
let base: string;
const tls = localTls();

beforeAll(async () => {
  server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    attempts += 1;
    handler(attempts, req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `https://localhost:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function client(waits: number[], extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}): HttpClient {
  return new HttpClient({
    extraCaPem: tls.caCertPem,
    userAgent: 'test',
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    retry: { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000 },
    ...extra,
  });
}

describe('HttpClient', () => {
  it('honours Retry-After on 429, then returns the success', async () => {
    attempts = 0;
    handler = (n, _q, res) => {
      if (n < 3) {
        res.writeHead(429, { 'retry-after': '7' }).end('{"error":{"code":"TooManyRequests"}}');
      } else res.end('{"value":[]}');
    };
    const waits: number[] = [];
    const res = await client(waits).send({ url: `${base}/x` });
    expect(res.status).toBe(200);
    expect(waits).toEqual([7000, 7000]);
  });

  it('builds one-time values anew for every attempt (a retry never replays a DPoP proof or an assertion)', async () => {
    attempts = 0;
    const seen: Array<{ proof: string | undefined; body: string }> = [];
    handler = (n, q, res) => {
      let body = '';
      q.on('data', (c: Buffer) => (body += c.toString()));
      q.on('end', () => {
        seen.push({ proof: q.headers.dpop as string | undefined, body });
        if (n < 3) res.writeHead(429, { 'retry-after': '1' }).end('{}');
        else res.end('{}');
      });
    };
    let made = 0;
    const prepare = async () => {
      made += 1;
      return { headers: { dpop: `proof-${made}` }, body: `assertion=${made}` };
    };
    const res = await client([]).send({ method: 'POST', url: `${base}/token`, prepare });
    expect(res.status).toBe(200);
    expect(seen).toEqual([
      { proof: 'proof-1', body: 'assertion=1' },
      { proof: 'proof-2', body: 'assertion=2' },
      { proof: 'proof-3', body: 'assertion=3' },
    ]);
  });

  it('backs off exponentially with jitter when a 429 or 503 has no Retry-After', async () => {
    attempts = 0;
    handler = (n, _q, res) => (n <= 3 ? res.writeHead(n === 2 ? 503 : 429).end('{}') : res.end('{}'));
    const waits: number[] = [];
    await client(waits).send({ url: `${base}/x` });
    expect(waits).toEqual([50, 100, 200]);
  });

  it('gives up after maxRetries and returns the last throttled response', async () => {
    attempts = 0;
    handler = (_n, _q, res) => res.writeHead(429).end('{}');
    const waits: number[] = [];
    const res = await client(waits).send({ url: `${base}/x` });
    expect(res.status).toBe(429);
    expect(attempts).toBe(4);
  });

  it('does not retry a 403 or 404', async () => {
    attempts = 0;
    handler = (_n, _q, res) => res.writeHead(403).end('{"error":{"code":"Authorization_RequestDenied"}}');
    const res = await client([]).send({ url: `${base}/x` });
    expect(res.status).toBe(403);
    expect(attempts).toBe(1);
  });

  it('retries a dropped connection', async () => {
    attempts = 0;
    handler = (n, req, res) => (n === 1 ? req.socket.destroy() : res.end('{"ok":true}'));
    const waits: number[] = [];
    const res = await client(waits).send({ url: `${base}/x` });
    expect(res.json<{ ok: boolean }>().ok).toBe(true);
    expect(waits).toHaveLength(1);
  });

  it('uses the provider wait advisor (Okta X-Rate-Limit-Reset) and reports the wait', async () => {
    attempts = 0;
    handler = (n, _q, res) => (n === 1 ? res.writeHead(429, { 'x-rate-limit-reset': '100' }).end('{}') : res.end('{}'));
    const waits: number[] = [];
    const seen: number[] = [];
    await client(waits, { waitAdvisor: (r) => Number(r.headers['x-rate-limit-reset']) * 10, onWait: (i) => seen.push(i.waitMs) }).send({ url: `${base}/x` });
    expect(waits).toEqual([1000]);
    expect(seen).toEqual([1000]);
  });

  it('refuses a server whose certificate it does not trust', async () => {
    const untrusting = new HttpClient({ userAgent: 'test', retry: { maxRetries: 0 } });
    await expect(untrusting.send({ url: `${base}/x` })).rejects.toThrow(/unreachable/);
  });

  it('keeps repeated headers apart (Okta link headers)', async () => {
    attempts = 0;
    handler = (_n, _q, res) => {
      res.setHeader('link', ['<https://a/x?limit=2>; rel="self"', '<https://a/x?after=b&limit=2>; rel="next"']);
      res.end('[]');
    };
    const res = await client([]).send({ url: `${base}/x` });
    expect(res.headerValues('link')).toHaveLength(2);
  });

  it('refuses a body larger than the cap, declared or streamed, without retrying it', async () => {
    attempts = 0;
    handler = (_n, _q, res) => {
      res.writeHead(200, { 'content-length': String(4096) }).end('x'.repeat(4096));
    };
    await expect(client([], { maxResponseBytes: 1024 }).send({ url: `${base}/big` })).rejects.toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
      message: expect.stringContaining('/big answered with more than'),
    });
    expect(attempts).toBe(1);

    attempts = 0;
    handler = (_n, _q, res) => {
      // Chunked: no length up front, the client counts as it reads.
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 8; i += 1) res.write('y'.repeat(512));
      res.end();
    };
    await expect(client([], { maxResponseBytes: 1024 }).send({ url: `${base}/stream` })).rejects.toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
    expect(attempts).toBe(1);
    const ok = await client([], { maxResponseBytes: 8 * 1024 }).send({ url: `${base}/stream` });
    expect(ok.text).toHaveLength(4096);
  });
});
