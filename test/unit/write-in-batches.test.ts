/** writeInBatches (src/neo4j/batch.ts) on the real Neo4j: every row once, batches in parallel, a failure surfaces. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeInBatches } from '../../src/neo4j/batch.js';
import type { Graph } from '../../src/neo4j/driver.js';
import { testGraph } from '../support/neo4j.js';

let graph: Graph;
beforeAll(async () => {
  graph = await testGraph();
});
afterAll(async () => {
  await graph?.close();
});

describe('writeInBatches', () => {
  it('writes every row once, two batches at a time, and counts them', async () => {
    const rows = Array.from({ length: 2_345 }, (_, i) => ({ i }));
    const written = await writeInBatches(graph, 'UNWIND $rows AS row CREATE (:BatchProbe {i: row.i})', rows, {}, { batchSize: 100, parallel: 2 });
    expect(written).toBe(2_345);
    const [row] = await graph.read<{ n: number; distinct: number }>('MATCH (b:BatchProbe) RETURN count(b) AS n, count(DISTINCT b.i) AS distinct');
    expect(row).toEqual({ n: 2_345, distinct: 2_345 });
  });

  it('throws a failing batch\'s error, and only once no batch of it is still writing', async () => {
    await graph.write('MATCH (b:BatchProbe) DELETE b');
    const rows = Array.from({ length: 1_000 }, (_, i) => ({ i }));
    // Row 450 divides by zero: its batch fails and rolls back; no new batch starts once the failure is seen.
    const write = writeInBatches(graph, 'UNWIND $rows AS row CREATE (:BatchProbe {i: row.i, x: 1 / (toInteger(row.i) - 450)})', rows, {}, { batchSize: 100, parallel: 2 });
    await expect(write).rejects.toThrow(/by zero/i);
    const count = async (): Promise<number> => (await graph.read<{ n: number }>('MATCH (b:BatchProbe) RETURN count(b) AS n'))[0]?.n ?? -1;
    const settled = await count();
    expect(settled).toBeLessThanOrEqual(900);
    expect(settled % 100).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(await count()).toBe(settled);
  });
});
