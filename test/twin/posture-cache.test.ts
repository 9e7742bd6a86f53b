/** The kept pages of the posture lists (src/twin/posture-cache.ts): read once per version, bounded, never a failure. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostureListCache } from '../../src/twin/posture-cache.js';
import type { Graph } from '../../src/neo4j/driver.js';
import { testGraph } from '../support/neo4j.js';

let graph: Graph;
let other: Graph;
beforeAll(async () => {
  [graph, other] = await Promise.all([testGraph(), testGraph()]);
});
afterAll(async () => {
  await Promise.all([graph?.close(), other?.close()]);
});

describe('PostureListCache', () => {
  it('reads a page once per version, and again under a new version or another graph', async () => {
    const cache = new PostureListCache<string[]>();
    let reads = 0;
    const read = async (): Promise<string[]> => [`read ${++reads}`];
    const [a, b] = await Promise.all([cache.page(graph, 'v1', 'p', read), cache.page(graph, 'v1', 'p', read)]);
    expect(a).toEqual(['read 1']);
    expect(b).toBe(a);
    expect(await cache.page(graph, 'v1', 'p', read)).toEqual(['read 1']);
    expect(await cache.page(graph, 'v2', 'p', read)).toEqual(['read 2']);
    expect(await cache.page(other, 'v2', 'p', read)).toEqual(['read 3']);
    // No version (no refresh has run yet): nothing is kept.
    expect(await cache.page(graph, null, 'p', read)).toEqual(['read 4']);
    expect(await cache.page(graph, null, 'p', read)).toEqual(['read 5']);
  });

  it('does not keep a failed read', async () => {
    const cache = new PostureListCache<number>();
    await expect(cache.page(graph, 'v', 'p', () => Promise.reject(new Error('Neo4j down')))).rejects.toThrow('Neo4j down');
    expect(await cache.page(graph, 'v', 'p', () => Promise.resolve(7))).toBe(7);
  });

  it('keeps at most 200 pages, the least recently used going first', async () => {
    const cache = new PostureListCache<number>();
    let reads = 0;
    const read = async (): Promise<number> => ++reads;
    for (let i = 0; i < 200; i += 1) await cache.page(graph, 'v', `p${i}`, read);
    await cache.page(graph, 'v', 'p0', read);
    await cache.page(graph, 'v', 'p200', read);
    expect(reads).toBe(201);
    await cache.page(graph, 'v', 'p0', read);
    expect(reads).toBe(201);
    await cache.page(graph, 'v', 'p1', read);
    expect(reads).toBe(202);
  });
});
