/**
 * What an incremental Okta read covers, and what the System Log says changed in it.
 *
 * The cursor is a time on Okta's clock, taken before the previous read listed anything. A read covers
 * [cursor - OVERLAP, Okta's now]: Okta stamps `lastUpdated` and writes the System Log on many nodes and the
 * log is eventually consistent, so the window starts again a little earlier (writes are idempotent: a
 * change read twice writes the same twin). The filters (`lastUpdated gt`, `lastMembershipUpdated gt`) find
 * what changed; only the System Log says what is gone (deleted users and groups) and what changed without
 * moving a timestamp (factors, sign-ins).
 *
 * The System Log answers for 90 days (a `since` beyond 180 days is refused with E0000053): an older cursor
 * cannot be read from, so the data set is read whole (syncStateExpired). When the log is refused (no
 * okta.logs.read, or an admin without System Log access), deletions cannot be seen either: read whole, and
 * the runner's warning says why.
 */
import { TwinError } from '../../errors.js';
import { syncStateExpired, type FetchContext } from '../resource.js';
import type { OktaSession } from './session.js';
import { arr, at, isObject, str, type JsonObject } from './wire.js';

/** How far before the cursor a read starts again. */
export const OVERLAP_MS = 10 * 60_000;
/** How long Okta keeps the System Log. */
export const LOG_RETENTION_MS = 90 * 24 * 3600_000;
/** A cursor this close to the retention limit is treated as past it: events at the edge may already be gone. */
const RETENTION_MARGIN_MS = 3600_000;

export interface ChangeWindow {
  /** Epoch ms on Okta's clock: the cursor minus the overlap. */
  since: number;
  /** Okta's now when the read began: the next cursor. */
  until: number;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The window of an incremental read, taken before any listing; throws syncStateExpired past the log's retention. */
export async function changeWindow(session: OktaSession, ctx: FetchContext): Promise<ChangeWindow> {
  const cursor = Date.parse(ctx.cursor ?? '');
  if (Number.isNaN(cursor)) throw syncStateExpired(`the change cursor ${JSON.stringify(ctx.cursor)} is not a time`);
  const until = await session.serverNow(ctx.signal);
  const since = Math.min(cursor, until) - OVERLAP_MS;
  if (since < until - LOG_RETENTION_MS + RETENTION_MARGIN_MS) {
    throw syncStateExpired(`the last sync read changes up to ${iso(cursor)}, longer ago than the 90 days Okta keeps the System Log`);
  }
  return { since, until };
}

/** What the System Log says about the window, for the users and groups data sets. */
export interface LogChanges {
  deletedUsers: Set<string>;
  /** Users with a `user.mfa.factor.*` event: their factors changed, their `lastUpdated` did not. */
  factorUsers: Set<string>;
  /** The latest successful `user.session.start` of each user: Okta's `lastLogin`, which moves no `lastUpdated`. */
  signIns: Map<string, string>;
  deletedGroups: Set<string>;
}

/** The event types each data set needs from the log (Okta's filter syntax: `sw` is "starts with"). */
export const USER_EVENTS = 'eventType sw "user.lifecycle.delete" or eventType sw "user.mfa.factor" or eventType eq "user.session.start"';
export const GROUP_EVENTS = 'eventType eq "group.lifecycle.delete"';

/**
 * Reads the window's events of `filter` (a bounded query: it ends, in `published` order) into LogChanges.
 * Nothing is yielded before the log has answered, so a refusal can still turn into a whole read.
 */
export async function readLogChanges(session: OktaSession, ctx: FetchContext, window: ChangeWindow, filter: string): Promise<LogChanges> {
  const changes = emptyLogChanges();
  const query = { since: iso(window.since), until: iso(window.until), filter, limit: 1000, sortOrder: 'ASCENDING' };
  try {
    for await (const page of session.client.pages('/api/v1/logs', { query, signal: ctx.signal })) {
      // A bounded query ends without a next link; an empty page with one would be polling, which never ends.
      if (page.length === 0) break;
      for (const event of page) noteLogEvent(changes, event);
    }
  } catch (err) {
    throw asExpired(err);
  }
  return changes;
}

export function emptyLogChanges(): LogChanges {
  return { deletedUsers: new Set(), factorUsers: new Set(), signIns: new Map(), deletedGroups: new Set() };
}

/** Pure: what one System Log event says changed. Events may come twice (the overlap): sets and a max. */
export function noteLogEvent(changes: LogChanges, event: JsonObject): void {
  const type = str(event.eventType) ?? '';
  const targets = (kind: string): string[] =>
    arr(event.target)
      .filter(isObject)
      .filter((t) => str(t.type) === kind)
      .flatMap((t) => str(t.id) ?? []);
  if (type.startsWith('user.lifecycle.delete')) {
    for (const id of targets('User')) changes.deletedUsers.add(id);
  } else if (type.startsWith('user.mfa.factor')) {
    // The user is the target; a self-service change may name only the actor.
    const users = targets('User');
    const actor = str(at(event, 'actor', 'type')) === 'User' ? str(at(event, 'actor', 'id')) : null;
    for (const id of users.length > 0 ? users : actor ? [actor] : []) changes.factorUsers.add(id);
  } else if (type === 'user.session.start') {
    const user = str(at(event, 'actor', 'type')) === 'User' ? str(at(event, 'actor', 'id')) : null;
    const published = str(event.published);
    if (!user || !published || str(at(event, 'outcome', 'result')) !== 'SUCCESS') return;
    const seen = changes.signIns.get(user);
    if (seen === undefined || Date.parse(published) > Date.parse(seen)) changes.signIns.set(user, published);
  } else if (type === 'group.lifecycle.delete') {
    for (const id of targets('UserGroup')) changes.deletedGroups.add(id);
  }
}

/** A System Log that cannot answer for the window: the data set is read whole instead. */
function asExpired(err: unknown): unknown {
  if (!(err instanceof TwinError)) return err;
  if (err.code === 'UPSTREAM_PERMISSION_DENIED' || err.code === 'UPSTREAM_LICENSE_REQUIRED') {
    return syncStateExpired(
      'Okta refused the System Log (grant okta.logs.read, or an admin role that can read it), so deletions and factor changes cannot be seen incrementally',
      err.providerCode ?? null,
    );
  }
  if (err.providerCode === 'E0000053') return syncStateExpired(`Okta refused the System Log window: ${err.message}`, 'E0000053');
  return err;
}

/**
 * A filtered listing (`lastUpdated gt`, `lastMembershipUpdated gt`) Okta answers with 400 (an org or a proxy
 * that does not take the filter): the data set is read whole instead of failing on every sync. Rows already
 * written are the objects' current state, so reading whole after them writes the same twin.
 */
export async function* refusedFilterReadsWhole<T>(listing: AsyncGenerator<T, void, undefined>, what: string): AsyncGenerator<T, void, undefined> {
  try {
    yield* listing;
  } catch (err) {
    if (err instanceof TwinError && err.details?.status === 400) {
      throw syncStateExpired(`Okta refused the ${what} filter (${err.message})`, err.providerCode ?? null);
    }
    throw err;
  }
}
