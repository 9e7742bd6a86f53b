/**
 * One resolution pass at a time across replicas (src/twin/serialize.ts): two Graph objects stand for two
 * replicas (each has its own in-process queue), on the real Neo4j.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraph, type Graph } from '../../src/neo4j/driver.js';
import { loadConfig } from '../../src/config.js';
import { serialized } from '../../src/twin/serialize.js';
import { testGraph } from '../support/neo4j.js';

let a: Graph;
let b: Graph;
beforeAll(async () => {
  a = await testGraph();
  b = createGraph(loadConfig({ ...process.env, TWIN_API_KEYS: undefined, HOST: '127.0.0.1' }).neo4j);
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('serialized across replicas', () => {
  it('never runs two passes at once, whichever replica asks', async () => {
    const spans: Array<[number, number]> = [];
    const pass = async (): Promise<void> => {
      const start = performance.now();
      await sleep(150);
      spans.push([start, performance.now()]);
    };
    await Promise.all([serialized(a, pass), serialized(b, pass), serialized(a, pass), serialized(b, pass)]);
    spans.sort((x, y) => x[0] - y[0]);
    expect(spans).toHaveLength(4);
    for (let i = 1; i < spans.length; i += 1) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
  });

  it('frees the lease when a pass fails, and takes over a lease whose holder died', async () => {
    await expect(serialized(a, () => Promise.reject(new Error('pass failed')))).rejects.toThrow('pass failed');
    expect(await serialized(b, async () => 'after a failure')).toBe('after a failure');
    // A replica killed mid-pass: its lease stays, lapsed.
    await a.write(`MATCH (l:TwinLock {key: 'twin'}) SET l.holder = 'dead-replica', l.expiresAt = timestamp() - 1`);
    expect(await serialized(b, async () => 'taken over')).toBe('taken over');
    // One still held is waited for.
    await a.write(`MATCH (l:TwinLock {key: 'twin'}) SET l.holder = 'busy-replica', l.expiresAt = timestamp() + 60000`);
    const waiting = serialized(b, async () => 'after the other');
    let done = false;
    void waiting.then(() => (done = true));
    await sleep(600);
    expect(done).toBe(false);
    await a.write(`MATCH (l:TwinLock {key: 'twin'}) SET l.holder = null, l.expiresAt = null`);
    expect(await waiting).toBe('after the other');
  });
});
