/**
 * One shape for every data set of both connectors: how it fetches pages, its pure transform from a page
 * to rows of model writes, and which writes those are. `bindResource` turns it into the DataSet the
 * runner executes: batching, counting, stamping and cleanup are done here once, not per connector.
 */
import { cleanupFor, type Statement } from '../model/cleanup.js';
import type { RowOf, Write } from '../model/writes.js';
import type { Source } from '../model/vocabulary.js';
import type { DataSet, DataSetContext } from './data-set.js';
import { readAhead } from './read-ahead.js';
import { DEFAULT_BATCH_SIZE } from '../neo4j/batch.js';

/** The writes a data set makes, by name, in the order a batch is flushed: nodes before the edges that MATCH them. */
export type Writes = Readonly<Record<string, Write<unknown>>>;

/** What a transform returns: rows for some of the data set's writes. */
export type RowsOf<W extends Writes> = { readonly [K in keyof W]?: ReadonlyArray<RowOf<W[K]>> };

/** What `pages` may use besides the provider session: no Neo4j writes, only the run's signals. */
export interface FetchContext {
  readonly signal: AbortSignal;
  /** Run start, ISO 8601. */
  readonly startedAt: string;
  warn(code: string | null, message: string): void;
  progress(text: string | null): void;
  /** Marks the start of a provider listing; `restart()` takes back what it counted (the listing starts over). */
  listing(): { restart(): void };
  /** Runs a statement of the model now (e.g. keepRels when part of the data could not be read). */
  execute(statement: Statement): Promise<void>;
  /** INCREMENTAL (`changes`): the cursor this data set saved at its last successful run. FULL (`pages`): null. */
  readonly cursor: string | null;
  /**
   * The change cursor to save when this data set finishes without error: a delta link, a timestamp. A
   * FULL read sets it before it lists (so what changes during the listing is read again next time); an
   * incremental read sets the provider's next one.
   */
  setCursor(cursor: string): void;
}

/**
 * Thrown by `changes` when the provider no longer knows the cursor (Graph's 410 SyncStateNotFound, a
 * delta token past its lifetime, an Okta `since` beyond the System Log's retention): the runner warns
 * and reads the data set whole in the same run.
 */
export class SyncStateExpired extends Error {
  constructor(
    message: string,
    /** The provider's code, when it gave one (SyncStateNotFound, E0000053). */
    readonly providerCode: string | null = null,
  ) {
    super(message);
    this.name = 'SyncStateExpired';
  }
}

export function syncStateExpired(message: string, providerCode: string | null = null): SyncStateExpired {
  return new SyncStateExpired(message, providerCode);
}

export interface Resource<Session, Page, W extends Writes> {
  /** The name runs and errors use (users, groups, …); the model's owners name the same. */
  readonly name: string;
  readonly writes: W;
  /** The writes whose rows are the data set's count (SyncCount.count in the API): the provider objects it loaded. */
  readonly counted: ReadonlyArray<keyof W & string>;
  /** Rows per statement (default 2000). */
  readonly batchSize?: number;
  /** DataSet.needs: a data set that only links to these runs beside the rest of the chain. */
  readonly needs?: readonly string[];
  /** Extra cleanup parameters, e.g. $retentionDays. */
  cleanupParams?(session: Session): Readonly<Record<string, unknown>>;
  /** Fetches pages from the provider: paging, retries and child calls; never Neo4j. */
  pages(session: Session, ctx: FetchContext): AsyncGenerator<Page, void, undefined>;
  /**
   * Reads only what changed since `ctx.cursor`, as pages for the same `transform`. An incremental read is
   * not cleaned up by absence: it removes what the provider says is gone itself (deleteNodes, deleteRels,
   * pruneRels). Absent: the data set is always read whole.
   */
  changes?(session: Session, ctx: FetchContext): AsyncGenerator<Page, void, undefined>;
  /** Pure: one page to rows per write. */
  transform(page: Page, session: Session): RowsOf<W>;
}

/** Event retention when the data set does not say otherwise: Entra's P1/P2 sign-in retention. */
export const EVENT_RETENTION_DAYS = 30;

/** Sealed batches that may wait or be written while the next batch is fetched and transformed. */
export const WRITES_AHEAD = 2;

/**
 * Buffers rows per write and, once a batch is full, seals it: its writes go to Neo4j in declared order
 * (nodes before the edges that MATCH them), batch after batch, one statement at a time, while the data set
 * goes on fetching and transforming the next batch. At most `ahead` sealed batches wait or run; the next
 * seal waits for the oldest to be written, so memory holds `ahead + 1` batches of rows. The first failed
 * write stops the ones after it and is thrown by the next `add` or `drain`.
 */
class Sink<W extends Writes> {
  private buffers = new Map<string, unknown[]>();
  private buffered = 0;
  /** The last sealed batch's write: every batch's write starts after the one before it ended. */
  private tail: Promise<void> = Promise.resolve();
  /** Sealed batches not yet written, oldest first (each settles when its batch was written or skipped). */
  private readonly sealed: Array<Promise<void>> = [];
  private failure: { err: unknown } | undefined;

  constructor(
    private readonly writes: W,
    private readonly ctx: DataSetContext,
    private readonly batchSize: number,
    private readonly ahead: number,
  ) {}

  async add(rows: RowsOf<W>): Promise<void> {
    this.throwIfFailed();
    for (const [name, list] of Object.entries(rows)) {
      if (!list || list.length === 0) continue;
      let buffer = this.buffers.get(name);
      if (!buffer) {
        buffer = [];
        this.buffers.set(name, buffer);
      }
      for (const row of list as readonly unknown[]) buffer.push(row);
      this.buffered += list.length;
    }
    if (this.buffered >= this.batchSize) await this.seal();
  }

  /** Seals what is buffered and waits until every sealed batch was written; throws the first write failure. */
  async drain(): Promise<void> {
    await this.seal();
    await this.settle();
    this.throwIfFailed();
  }

  /** Waits for the sealed batches without throwing (a data set that failed lets its writes end first). */
  async settle(): Promise<void> {
    await this.tail;
    this.sealed.length = 0;
  }

  private async seal(): Promise<void> {
    const batch: Array<{ write: Write<unknown>; rows: unknown[] }> = [];
    for (const [name, write] of Object.entries(this.writes)) {
      const rows = this.buffers.get(name);
      if (!rows || rows.length === 0) continue;
      for (let i = 0; i < rows.length; i += this.batchSize) batch.push({ write, rows: rows.slice(i, i + this.batchSize) });
    }
    this.buffers = new Map();
    this.buffered = 0;
    if (batch.length === 0) return;
    this.tail = this.tail.then(async () => {
      if (this.failure) return;
      try {
        for (const { write, rows } of batch) await this.ctx.write(write, rows);
      } catch (err) {
        this.failure = { err };
      }
    });
    this.sealed.push(this.tail);
    while (this.sealed.length > this.ahead) await this.sealed.shift();
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.err;
  }
}

/** The DataSet the runner executes for one resource of an open session. */
export function bindResource<Session, Page, W extends Writes>(
  source: Source,
  resource: Resource<Session, Page, W>,
  session: Session,
): DataSet {
  const counted = new Set<string>(resource.counted);
  return {
    name: resource.name,
    incremental: resource.changes !== undefined,
    ...(resource.needs ? { needs: resource.needs } : {}),
    cleanup: cleanupFor(source, resource.name),
    cleanupParams: { retentionDays: EVENT_RETENTION_DAYS, ...resource.cleanupParams?.(session) },
    async run(ctx: DataSetContext): Promise<void> {
      const sink = new Sink(resource.writes, ctx, resource.batchSize ?? DEFAULT_BATCH_SIZE, WRITES_AHEAD);
      let total = 0;
      const count = (n: number): void => {
        total += n;
        ctx.count(n);
      };
      const fetchCtx: FetchContext = {
        signal: ctx.signal,
        startedAt: ctx.startedAt,
        warn: (code, message) => ctx.warn(code, message),
        progress: (text) => ctx.progress(text),
        listing: () => {
          const start = total;
          return { restart: () => count(start - total) };
        },
        // A statement of the data set itself runs after the rows sealed before it were written.
        execute: async (statement) => {
          await sink.drain();
          await ctx.execute(statement);
        },
        cursor: ctx.cursor,
        setCursor: (cursor) => ctx.setCursor(cursor),
      };
      const read = ctx.cursor !== null && resource.changes ? resource.changes.bind(resource) : resource.pages.bind(resource);
      // Pages are counted as the source yields them, before the read-ahead: a listing's restart() (called
      // while the next page is fetched) then always takes back every page that listing delivered.
      async function* transformed(): AsyncGenerator<RowsOf<W>, void, undefined> {
        for await (const page of read(session, fetchCtx)) {
          const rows = resource.transform(page, session);
          let n = 0;
          for (const [name, list] of Object.entries(rows)) if (counted.has(name)) n += (list as readonly unknown[] | undefined)?.length ?? 0;
          count(n);
          yield rows;
        }
      }
      try {
        for await (const rows of readAhead(transformed())) await sink.add(rows);
        await sink.drain();
      } catch (err) {
        // No write of this data set may still run once the runner records its failure.
        await sink.settle();
        throw err;
      }
    },
  };
}
