/**
 * Lists a sub-collection (group members, a service principal's grants) for many parents with `$batch`:
 * 20 first pages per round trip instead of 20 requests. Inner nextLinks are followed with normal GETs,
 * and a parent deleted mid-sync (404/410) is reported as gone instead of failing the data set.
 */
import { TwinError } from '../../errors.js';
import { chunk, forEachLimit } from '../concurrency.js';
import { MAX_BATCH, type GraphClient, type RequestOptions } from './client.js';
import { graphError } from './errors.js';
import type { GraphCollection } from './graph-types.js';

export interface ChildListing {
  /** Relative URL of the first page, e.g. `/groups/{id}/members?$select=id&$top=999`. */
  url: string;
}

export interface ChildSink<L extends ChildListing, T> {
  items(listing: L, items: T[]): Promise<void> | void;
  /** The listing starts over (its page token expired): forget what it delivered so far. */
  restart(listing: L): void;
  /** The parent no longer exists. */
  gone(listing: L): Promise<void> | void;
  /** Every page of the listing was delivered. */
  done(listing: L): Promise<void> | void;
}

export interface ChildListOptions extends RequestOptions {
  /** $batch requests in flight at once. */
  concurrency?: number;
}

export async function listChildren<L extends ChildListing, T>(
  client: GraphClient,
  listings: readonly L[],
  opts: ChildListOptions,
  sink: ChildSink<L, T>,
): Promise<void> {
  await forEachLimit(chunk(listings, MAX_BATCH), opts.concurrency ?? 2, async (group) => {
    const responses = await client.batch(group.map((l, i) => ({ id: String(i + 1), url: l.url })), opts);
    for (const [i, res] of responses.entries()) {
      const listing = group[i] as L;
      if (res.status === 404 || res.status === 410) {
        await sink.gone(listing);
        continue;
      }
      if (res.status < 200 || res.status >= 300) throw graphError(res.status, res.body, `GET ${pathOf(listing.url)} (in $batch)`);
      const page = res.body as GraphCollection<T> | null;
      if (!page || typeof page !== 'object' || !Array.isArray(page.value)) {
        throw new TwinError('UPSTREAM_BAD_RESPONSE', `GET ${pathOf(listing.url)} (in $batch): the page has no value array`);
      }
      await sink.items(listing, page.value);
      const next = page['@odata.nextLink'];
      if (typeof next === 'string' && next !== '') {
        try {
          const pages = client.pages<T>(next, { ...opts, restartFrom: listing.url, onRestart: () => sink.restart(listing) });
          for await (const items of pages) await sink.items(listing, items);
        } catch (err) {
          if (err instanceof TwinError && err.code === 'UPSTREAM_NOT_FOUND') {
            await sink.gone(listing);
            continue;
          }
          throw err;
        }
      }
      await sink.done(listing);
    }
  });
}

function pathOf(url: string): string {
  return url.split('?')[0] ?? url;
}

/** What listChildren tells its sink, as a value: `childEvents` yields these in the order they happened. */
export type ChildEvent<L extends ChildListing, T> =
  | { readonly kind: 'items'; readonly listing: L; readonly items: T[] }
  | { readonly kind: 'restart'; readonly listing: L }
  | { readonly kind: 'gone'; readonly listing: L }
  | { readonly kind: 'done'; readonly listing: L };

/** Events the producer may run ahead of the consumer: enough to keep both $batch calls busy, no more. */
const AHEAD = 4;

/**
 * listChildren as an async generator, so a data set's `pages` can yield what the $batch calls deliver.
 * The listing waits while the consumer is AHEAD events behind (memory stays bounded on huge groups), and
 * stops at its next event once the consumer stops early.
 */
export async function* childEvents<L extends ChildListing, T>(
  client: GraphClient,
  listings: readonly L[],
  opts: ChildListOptions,
): AsyncGenerator<ChildEvent<L, T>, void, undefined> {
  const queue: Array<ChildEvent<L, T>> = [];
  let finished = false;
  let stopped = false;
  let failure: { err: unknown } | undefined;
  let wakeConsumer: (() => void) | undefined;
  const producersWaiting: Array<() => void> = [];
  const notifyConsumer = (): void => {
    const wake = wakeConsumer;
    wakeConsumer = undefined;
    wake?.();
  };
  const releaseProducers = (): void => {
    for (const release of producersWaiting.splice(0)) release();
  };
  const emit = async (event: ChildEvent<L, T>): Promise<void> => {
    if (stopped) throw new TwinError('INTERNAL', 'the child listing was abandoned by its consumer');
    queue.push(event);
    notifyConsumer();
    while (queue.length >= AHEAD && !stopped) await new Promise<void>((resolve) => producersWaiting.push(resolve));
  };
  const producing = listChildren<L, T>(client, listings, opts, {
    items: (listing, items) => emit({ kind: 'items', listing, items }),
    restart: (listing) => {
      // listChildren does not await restart: queued in order all the same, before the pages that follow it.
      queue.push({ kind: 'restart', listing });
      notifyConsumer();
    },
    gone: (listing) => emit({ kind: 'gone', listing }),
    done: (listing) => emit({ kind: 'done', listing }),
  }).then(
    () => {
      finished = true;
      notifyConsumer();
    },
    (err: unknown) => {
      failure = { err };
      finished = true;
      notifyConsumer();
    },
  );
  try {
    for (;;) {
      const next = queue.shift();
      if (next) {
        if (queue.length < AHEAD) releaseProducers();
        yield next;
        continue;
      }
      if (finished) {
        if (failure && !stopped) throw failure.err;
        return;
      }
      await new Promise<void>((resolve) => (wakeConsumer = resolve));
    }
  } finally {
    stopped = true;
    releaseProducers();
    await producing;
  }
}
