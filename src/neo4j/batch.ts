/**
 * Streams rows into Neo4j in batches: one parameterised `UNWIND $rows` statement per batch, so memory
 * and transaction size stay bounded by the batch size whatever the tenant size.
 */
import type { Graph, Params } from './driver.js';

export const DEFAULT_BATCH_SIZE = 2000;

export interface BatchOptions {
  batchSize?: number;
  /**
   * Batches of this statement in flight at once, each its own transaction (default 1). Only for rows that
   * touch distinct nodes, so two transactions never wait on each other's locks: Neo4j then runs them on
   * separate cores. Memory stays bounded by parallel × batchSize rows.
   */
  parallel?: number;
}

/** Writes all rows with one statement (which must start with `UNWIND $rows AS row`), batch by batch. */
export async function writeInBatches<Row>(
  graph: Graph,
  cypher: string,
  rows: Iterable<Row>,
  params: Params = {},
  options: number | BatchOptions = {},
): Promise<number> {
  const { batchSize = DEFAULT_BATCH_SIZE, parallel = 1 } = typeof options === 'number' ? { batchSize: options } : options;
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  let batch: Row[] = [];
  let written = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const rowsOfBatch = batch;
    batch = [];
    const write = graph.write(cypher, { ...params, rows: rowsOfBatch }).then(
      () => {
        written += rowsOfBatch.length;
      },
      (err: unknown) => {
        failure ??= err;
      },
    );
    const tracked = write.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= parallel) await Promise.race(inFlight);
    if (failure !== null) throw failure;
  };
  try {
    for (const row of rows) {
      batch.push(row);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  } finally {
    await Promise.all(inFlight);
  }
  if (failure !== null) throw failure;
  return written;
}
