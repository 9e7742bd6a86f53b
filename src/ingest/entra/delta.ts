/**
 * Graph delta queries (`/users/delta`, `/groups/delta`): the deltaLink for "now" that a full read takes
 * before it lists (so nothing changed during the listing is missed: it comes again in the next round), a
 * round of changes from a stored deltaLink, and the answers meaning the link is no longer usable.
 *
 * Graph keeps directory delta state for 7 days: an older link gets 400 `syncStateNotFound` ("The delta token
 * is expired and data must be synchronized again"), and a tenant whose state was reset answers 410 Gone
 * (`resyncRequired`, a Location that starts over). Both mean one thing here: read the data set whole.
 */
import { TwinError } from '../../errors.js';
import { graphPath, type GraphClient, type GraphPageOptions, type RequestOptions } from './client.js';
import { providerCodeOf, statusOf } from './errors.js';
import type { GraphCollection } from './graph-types.js';
import type { FetchContext } from '../resource.js';

/** Graph's codes for a delta state it no longer has (compared lower-case: casing differs between services). */
const EXPIRED_CODES = new Set(['syncstatenotfound', 'resyncrequired', 'syncstateinvalid']);

/** Whether a failed delta request means "start over with a full read". */
export function isDeltaStateLost(err: unknown): boolean {
  const code = providerCodeOf(err)?.toLowerCase();
  return (code !== undefined && EXPIRED_CODES.has(code)) || statusOf(err) === 410;
}

/** The deltaLink for "now": `$deltatoken=latest` returns no objects, only the link (Entra resources support it). */
export async function latestDeltaLink(client: GraphClient, deltaUrl: string, opts: RequestOptions): Promise<string> {
  const body = await client.get<Partial<GraphCollection<unknown>>>(`${deltaUrl}${deltaUrl.includes('?') ? '&' : '?'}$deltatoken=latest`, opts);
  const link = body?.['@odata.deltaLink'];
  if (typeof link !== 'string' || link === '') {
    throw new TwinError('UPSTREAM_BAD_RESPONSE', `GET ${deltaUrl.split('?')[0] ?? deltaUrl} with $deltatoken=latest: the answer has no @odata.deltaLink`);
  }
  return link;
}

/**
 * The deltaLink a full read starts the change feed with, or null when Graph gives none (change tracking is
 * not offered in external and B2C tenants, for one): the read goes on, warns, and stores no cursor, so the
 * data set is read whole again next time instead of failing a sync that used to work.
 */
export async function startFeed(client: GraphClient, deltaUrl: string, ctx: Pick<FetchContext, 'signal' | 'warn'>, opts: RequestOptions): Promise<string | null> {
  try {
    return await latestDeltaLink(client, deltaUrl, opts);
  } catch (err) {
    ctx.signal.throwIfAborted();
    const what = deltaUrl.split('?')[0] ?? deltaUrl;
    ctx.warn(providerCodeOf(err) ?? null, `${what} gave no deltaLink (${err instanceof Error ? err.message : String(err)}): read whole, and again next time`);
    return null;
  }
}

/** One round of a delta query: its pages, then (once they all came) the deltaLink the next round starts from. */
export interface DeltaRound<T> {
  pages: AsyncGenerator<T[], void, undefined>;
  /** Throws when the round ended without a deltaLink (a truncated answer must not pass for a complete one). */
  deltaLink(): string;
}

export function deltaRound<T>(client: GraphClient, link: string, opts: Omit<GraphPageOptions, 'onDeltaLink'>): DeltaRound<T> {
  let next: string | undefined;
  const pages = client.pages<T>(link, { ...opts, onDeltaLink: (d) => (next = d) });
  return {
    pages,
    deltaLink() {
      if (next === undefined) {
        throw new TwinError('UPSTREAM_BAD_RESPONSE', `GET ${graphPath(link)}: the delta round ended without an @odata.deltaLink`);
      }
      return next;
    },
  };
}
