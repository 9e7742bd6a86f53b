/** A deadline per provider request: advised waits add up to at most maxTotalWaitMs, then the last answer stands. */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, HttpClient } from '../../src/ingest/http.js';
import { localTls } from '../../dev/simulators/tls.js';

const tls = localTls();
let server: https.Server;
let base: string;
let attempts = 0;

beforeAll(async () => {
  server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (_req, res) => {
    attempts += 1;
    res.writeHead(429, { 'retry-after': '600' }).end('{"error":{"code":"TooManyRequests"}}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `https://localhost:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('a request deadline', () => {
  it('defaults to 2 minutes of waits in all', () => {
    expect(DEFAULT_RETRY.maxTotalWaitMs).toBe(120_000);
  });

  it('stops waiting once the advised waits would pass it, and returns the 429', async () => {
    const waits: number[] = [];
    const client = new HttpClient({
      extraCaPem: tls.caCertPem,
      userAgent: 'test',
      sleep: async (ms) => {
        waits.push(ms);
      },
      retry: { maxRetries: 6, maxAdvisedWaitMs: 50_000, maxTotalWaitMs: 120_000 },
    });
    attempts = 0;
    const res = await client.send({ url: `${base}/x` });
    expect(res.status).toBe(429);
    // 50 s + 50 s; a third wait would pass 120 s: two waits, not six of ten minutes.
    expect(waits).toEqual([50_000, 50_000]);
    expect(attempts).toBe(3);
  });
});
