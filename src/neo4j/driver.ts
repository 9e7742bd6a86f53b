/**
 * The one Neo4j driver of the process, wrapped so every statement goes through `run` / `write`.
 * That single path lets us count Cypher round trips per GraphQL request (a test and the benchmark
 * assert the count stays constant) and turn connection failures into DATABASE_UNAVAILABLE.
 */
import neo4j, { type Driver, type QueryResult, type RecordShape } from 'neo4j-driver';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Config } from '../config.js';
import { TwinError } from '../errors.js';
import { boltPort, noDelayOnBolt } from './no-delay.js';

export type Params = Record<string, unknown>;

/** Counts statements sent within one scope (a GraphQL request, a benchmark step). */
export class QueryCounter {
  count = 0;
}

const counterScope = new AsyncLocalStorage<QueryCounter>();

export function withQueryCounter<T>(counter: QueryCounter, fn: () => T): T {
  return counterScope.run(counter, fn);
}

export class Graph {
  /** Statements run since start, across all scopes. */
  totalQueries = 0;

  constructor(
    readonly driver: Driver,
    private readonly database: string | undefined,
    /** Longest a read may run (TWIN_QUERY_TIMEOUT_MS): Neo4j ends it and the caller gets QUERY_TIMEOUT. */
    private readonly readTimeoutMs?: number,
  ) {}

  private note(): void {
    this.totalQueries += 1;
    const c = counterScope.getStore();
    if (c) c.count += 1;
  }

  /** A read statement, routed to a reader; records come back as plain objects. */
  async read<T extends RecordShape = RecordShape>(cypher: string, params: Params = {}): Promise<T[]> {
    const res = await this.exec<T>(cypher, params, neo4j.routing.READ);
    return res.records.map((r) => r.toObject());
  }

  /** A write statement in its own auto-retried transaction. The statement must be idempotent. */
  async write<T extends RecordShape = RecordShape>(cypher: string, params: Params = {}): Promise<T[]> {
    const res = await this.exec<T>(cypher, params, neo4j.routing.WRITE);
    return res.records.map((r) => r.toObject());
  }

  private async exec<T extends RecordShape>(
    cypher: string,
    params: Params,
    routing: typeof neo4j.routing.READ | typeof neo4j.routing.WRITE,
  ): Promise<QueryResult<T>> {
    this.note();
    try {
      return await this.driver.executeQuery<QueryResult<T>>(cypher, params, {
        routing,
        ...(this.database ? { database: this.database } : {}),
        // Reads serve API requests: bounded, so no query holds a connection and the heap for minutes.
        ...(routing === neo4j.routing.READ && this.readTimeoutMs ? { transactionConfig: { timeout: this.readTimeoutMs } } : {}),
      });
    } catch (err) {
      throw asDatabaseError(err);
    }
  }

  /** Runs a statement that manages its own transactions (CALL (x) { } IN TRANSACTIONS). */
  async writeAutoCommit(cypher: string, params: Params = {}): Promise<void> {
    this.note();
    const session = this.driver.session({ defaultAccessMode: neo4j.session.WRITE, ...(this.database ? { database: this.database } : {}) });
    try {
      await session.run(cypher, params);
    } catch (err) {
      throw asDatabaseError(err);
    } finally {
      await session.close();
    }
  }

  /**
   * A read whose rows are handed over one by one as they arrive, in batches the driver pulls (its fetch size),
   * so a read of every account holds one batch of driver records at a time, not all of them beside the rows
   * the caller keeps. Not retried: the caller sees a failure midway and starts again.
   */
  async readEach<T extends RecordShape = RecordShape>(cypher: string, params: Params, onRow: (row: T) => void): Promise<number> {
    this.note();
    const session = this.driver.session({ defaultAccessMode: neo4j.session.READ, ...(this.database ? { database: this.database } : {}) });
    let rows = 0;
    try {
      for await (const record of session.run<T>(cypher, params)) {
        onRow(record.toObject());
        rows += 1;
      }
      return rows;
    } catch (err) {
      throw asDatabaseError(err);
    } finally {
      await session.close();
    }
  }

  async ping(): Promise<void> {
    await this.read('RETURN 1 AS ok');
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

function asDatabaseError(err: unknown): unknown {
  if (err instanceof neo4j.Neo4jError) {
    if (/TransactionTimedOut/.test(err.code)) {
      return new TwinError('QUERY_TIMEOUT', 'the query took longer than TWIN_QUERY_TIMEOUT_MS allows; ask for less (a smaller first, fewer nested lists)', { cause: err });
    }
    if (err.code === 'ServiceUnavailable' || err.code === 'SessionExpired' || err.code === 'ECONNREFUSED') {
      return new TwinError('DATABASE_UNAVAILABLE', 'Neo4j is not reachable; check NEO4J_URI and that the database is running', { cause: err });
    }
  }
  return err;
}

export function createGraph(cfg: Config['neo4j'], readTimeoutMs?: number): Graph {
  const auth = cfg.username ? neo4j.auth.basic(cfg.username, cfg.password ?? '') : undefined;
  noDelayOnBolt(boltPort(cfg.uri));
  const driver = neo4j.driver(cfg.uri, auth, {
    // Fail fast when Neo4j is down instead of hanging a GraphQL request.
    connectionAcquisitionTimeout: 10_000,
    connectionTimeout: 3_000,
    // Transient errors (leader switch, deadlock) are retried; an outage should not hold a request long.
    maxTransactionRetryTime: 5_000,
    disableLosslessIntegers: true,
  });
  return new Graph(driver, cfg.database, readTimeoutMs);
}
