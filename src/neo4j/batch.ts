/**
 * Streams rows into Neo4j in batches: one parameterised `UNWIND $rows` statement per batch, so memory
 * stays bounded by the batch size whatever the tenant size.
 */
import type { Graph, Params } from './driver.js';

export const DEFAULT_BATCH_SIZE = 2000;

export class BatchWriter<Row> {
  private rows: Row[] = [];
  written = 0;

  constructor(
    private readonly graph: Graph,
    /** Must start with `UNWIND $rows AS row`; extra parameters come from `params`. */
    private readonly cypher: string,
    private readonly params: Params = {},
    private readonly batchSize = DEFAULT_BATCH_SIZE,
    private readonly onFlush?: (written: number) => void | Promise<void>,
  ) {}

  async add(row: Row): Promise<void> {
    this.rows.push(row);
    if (this.rows.length >= this.batchSize) await this.flush();
  }

  async addAll(rows: Iterable<Row>): Promise<void> {
    for (const row of rows) await this.add(row);
  }

  async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    await this.graph.write(this.cypher, { ...this.params, rows });
    this.written += rows.length;
    await this.onFlush?.(this.written);
  }
}

/** Writes all rows in batches with one statement. */
export async function writeInBatches<Row>(
  graph: Graph,
  cypher: string,
  rows: Iterable<Row>,
  params: Params = {},
  batchSize = DEFAULT_BATCH_SIZE,
): Promise<number> {
  const w = new BatchWriter<Row>(graph, cypher, params, batchSize);
  await w.addAll(rows);
  await w.flush();
  return w.written;
}
