/**
 * Streams rows into Neo4j in batches: one parameterised `UNWIND $rows` statement per batch, so memory
 * and transaction size stay bounded by the batch size whatever the tenant size.
 */
import type { Graph, Params } from './driver.js';

export const DEFAULT_BATCH_SIZE = 2000;

/** Writes all rows with one statement (which must start with `UNWIND $rows AS row`), batch by batch. */
export async function writeInBatches<Row>(
  graph: Graph,
  cypher: string,
  rows: Iterable<Row>,
  params: Params = {},
  batchSize = DEFAULT_BATCH_SIZE,
): Promise<number> {
  let batch: Row[] = [];
  let written = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await graph.write(cypher, { ...params, rows: batch });
    written += batch.length;
    batch = [];
  };
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return written;
}
