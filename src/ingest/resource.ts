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
}

export interface Resource<Session, Page, W extends Writes> {
  /** The name runs and errors use (users, groups, …); the model's owners name the same. */
  readonly name: string;
  readonly writes: W;
  /** The writes whose rows are the data set's count (SyncCount.count in the API): the provider objects it loaded. */
  readonly counted: ReadonlyArray<keyof W & string>;
  /** Rows per statement (default 2000). */
  readonly batchSize?: number;
  /** Extra cleanup parameters, e.g. $retentionDays. */
  cleanupParams?(session: Session): Readonly<Record<string, unknown>>;
  /** Fetches pages from the provider: paging, retries and child calls; never Neo4j. */
  pages(session: Session, ctx: FetchContext): AsyncGenerator<Page, void, undefined>;
  /** Pure: one page to rows per write. */
  transform(page: Page, session: Session): RowsOf<W>;
}

/** Event retention when the data set does not say otherwise: Entra's P1/P2 sign-in retention. */
export const EVENT_RETENTION_DAYS = 30;

/**
 * Buffers rows per write and flushes every write in declared order once a batch is full, so the edges of
 * a batch always find the nodes written before them, and memory holds one batch.
 */
class Sink<W extends Writes> {
  private readonly buffers = new Map<string, unknown[]>();
  private buffered = 0;

  constructor(
    private readonly writes: W,
    private readonly ctx: DataSetContext,
    private readonly batchSize: number,
  ) {}

  async add(rows: RowsOf<W>): Promise<void> {
    for (const [name, list] of Object.entries(rows)) {
      if (!list || list.length === 0) continue;
      const buffer = this.buffers.get(name) ?? [];
      this.buffers.set(name, buffer);
      for (const row of list as readonly unknown[]) buffer.push(row);
      this.buffered += list.length;
    }
    if (this.buffered >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    for (const [name, write] of Object.entries(this.writes)) {
      const rows = this.buffers.get(name);
      if (!rows || rows.length === 0) continue;
      this.buffers.set(name, []);
      for (let i = 0; i < rows.length; i += this.batchSize) {
        await this.ctx.write(write, rows.slice(i, i + this.batchSize));
      }
    }
    this.buffered = 0;
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
    cleanup: cleanupFor(source, resource.name),
    cleanupParams: { retentionDays: EVENT_RETENTION_DAYS, ...resource.cleanupParams?.(session) },
    async run(ctx: DataSetContext): Promise<void> {
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
        execute: (statement) => ctx.execute(statement),
      };
      // Pages are counted as the source yields them, before the read-ahead: a listing's restart() (called
      // while the next page is fetched) then always takes back every page that listing delivered.
      async function* transformed(): AsyncGenerator<RowsOf<W>, void, undefined> {
        for await (const page of resource.pages(session, fetchCtx)) {
          const rows = resource.transform(page, session);
          let n = 0;
          for (const [name, list] of Object.entries(rows)) if (counted.has(name)) n += (list as readonly unknown[] | undefined)?.length ?? 0;
          count(n);
          yield rows;
        }
      }
      const sink = new Sink(resource.writes, ctx, resource.batchSize ?? DEFAULT_BATCH_SIZE);
      for await (const rows of readAhead(transformed())) await sink.add(rows);
      await sink.flush();
    },
  };
}
