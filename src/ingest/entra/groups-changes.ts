/**
 * What an incremental groups sync reads: the `/groups/delta?$select=…,members` round since the stored
 * deltaLink (groups created, changed or removed, and `members@delta`: members added, and removed with
 * `@removed`), then the member count of every group the round named.
 *
 * memberCount is "every direct member Graph lists", devices included, which the twin's edges alone cannot
 * give. For a group the round named, `GET /groups/{id}/members/$count` (ConsistencyLevel: eventual) costs
 * one request whatever the group's size, and 20 go in one `$batch`; re-listing the members would cost a
 * page per 999 members (a department group of 8,000 people: 9 pages for one joiner). A group the round did
 * not name has the same members as before, so its stored count holds. Groups named only for a property
 * change are counted too: a new empty group must get its 0, and delta does not say which groups are new.
 *
 * Last, the direct groups of every user the same run's users read upserted (see EntraSession.changedUsers):
 * an edge is written only between nodes that exist, so a membership reported before its user reached the
 * twin would otherwise be lost for good.
 */
import { TwinError } from '../../errors.js';
import type { FetchContext } from '../resource.js';
import { BUCKET } from './buckets.js';
import { childEvents, type ChildListing } from './child-lists.js';
import { MAX_BATCH, type GraphClient, type RequestOptions } from './client.js';
import { deltaRound, isDeltaStateLost } from './delta.js';
import { graphError, providerCodeOf } from './errors.js';
import type { DirectoryObjectRef, GraphDeltaGroup } from './graph-types.js';
import type { EntraSession } from './session.js';

export type GroupChangesPage =
  | { readonly kind: 'delta'; readonly groups: GraphDeltaGroup[] }
  | { readonly kind: 'counts'; readonly counts: ReadonlyArray<{ groupId: string; memberCount: number }> }
  /** Some direct groups of a user the users read of this run upserted. */
  | { readonly kind: 'memberOf'; readonly userId: string; readonly groups: DirectoryObjectRef[] };

interface MemberOfListing extends ChildListing {
  userId: string;
}

/** A user's direct groups (directory roles and administrative units left out by the cast). */
export function memberOfUrl(userId: string): string {
  return `/users/${encodeURIComponent(userId)}/memberOf/microsoft.graph.group?$select=id&$top=999`;
}

/** Direct members of each group, counted in `$batch`es of 20; a group deleted since is left out. */
export async function* countMembers(
  client: GraphClient,
  groupIds: readonly string[],
  opts: RequestOptions,
): AsyncGenerator<Array<{ groupId: string; memberCount: number }>, void, undefined> {
  for (let i = 0; i < groupIds.length; i += MAX_BATCH) {
    opts.signal?.throwIfAborted();
    const ids = groupIds.slice(i, i + MAX_BATCH);
    const urls = ids.map((id) => `/groups/${encodeURIComponent(id)}/members/$count`);
    const responses = await client.batch(
      urls.map((url, n) => ({ id: String(n + 1), url, headers: { ConsistencyLevel: 'eventual' } })),
      opts,
    );
    const counts: Array<{ groupId: string; memberCount: number }> = [];
    for (const [n, res] of responses.entries()) {
      const groupId = ids[n] ?? '';
      // Deleted after the round: the next round reports it removed.
      if (res.status === 404) continue;
      if (res.status < 200 || res.status >= 300) throw graphError(res.status, res.body, `GET ${urls[n] ?? ''} (in $batch)`);
      const memberCount = typeof res.body === 'number' ? res.body : Number(String(res.body).trim());
      if (!Number.isInteger(memberCount) || memberCount < 0) {
        throw new TwinError('UPSTREAM_BAD_RESPONSE', `GET ${urls[n] ?? ''} (in $batch): the count is not a number`);
      }
      counts.push({ groupId, memberCount });
    }
    if (counts.length > 0) yield counts;
  }
}

/**
 * Yields the delta round's pages, the member counts of the groups it named, and the direct groups of the
 * users this run upserted; returns the deltaLink for the next run. Throws `lost` (the caller's
 * syncStateExpired) when Graph no longer knows the link.
 */
export async function* readGroupChanges(
  session: EntraSession,
  ctx: FetchContext,
  link: string,
  lost: (message: string, providerCode: string | null) => Error,
): AsyncGenerator<GroupChangesPage, string, undefined> {
  const listing = ctx.listing();
  const named = new Set<string>();
  const round = deltaRound<GraphDeltaGroup>(session.client, link, { bucket: BUCKET.directory, signal: ctx.signal, onRestart: () => listing.restart() });
  try {
    for await (const groups of round.pages) {
      for (const g of groups) {
        if (typeof g.id !== 'string') continue;
        if (g['@removed']) named.delete(g.id);
        else named.add(g.id);
      }
      yield { kind: 'delta', groups };
    }
  } catch (err) {
    if (isDeltaStateLost(err)) throw lost(err instanceof Error ? err.message : String(err), providerCodeOf(err) ?? null);
    throw err;
  }
  const next = round.deltaLink();
  for await (const counts of countMembers(session.client, [...named], { bucket: BUCKET.directory, signal: ctx.signal })) {
    yield { kind: 'counts', counts };
  }
  // The direct groups of the users this run's users read upserted (20 per $batch): MERGE only, so a
  // membership already in the twin changes nothing, and one the twin missed (its user was not there yet) is added.
  const listings = [...session.changedUsers].map((userId): MemberOfListing => ({ url: memberOfUrl(userId), userId }));
  for await (const event of childEvents<MemberOfListing, DirectoryObjectRef>(session.client, listings, { bucket: BUCKET.directory, signal: ctx.signal })) {
    if (event.kind === 'items') yield { kind: 'memberOf', userId: event.listing.userId, groups: event.items };
  }
  return next;
}
