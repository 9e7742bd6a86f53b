/**
 * What the groups data set reads, as pages for its transform: groups page by page, each with its direct
 * members listed whole (a few groups at a time), for both its whole read and its incremental read.
 */
import { TwinError } from '../../errors.js';
import { mapLimit } from '../concurrency.js';
import type { FetchContext } from '../resource.js';
import type { Query } from './client.js';
import type { OktaSession } from './session.js';
import { str, type JsonObject } from './wire.js';

/** A group as read, with the ids of its direct members; null members when the group went during the sync. */
export interface GroupWithMembers {
  group: JsonObject;
  memberIds: string[] | null;
}

/**
 * A page of the groups data set: groups with their members (`replaceMembers` when read incrementally: the
 * group's edges its listing no longer has are removed here, not by the whole read's cleanup), or groups
 * Okta deleted.
 */
export type GroupsPage = { kind: 'groups'; groups: GroupWithMembers[]; replaceMembers: boolean } | { kind: 'deleted'; ids: string[] };

export function groupId(group: JsonObject): string {
  const id = str(group.id);
  if (!id) throw new TwinError('UPSTREAM_BAD_RESPONSE', 'Okta returned a group without an id');
  return id;
}

const MEMBER_CONCURRENCY = 4;

/** The direct members of a group; null (and a warning) when the group was deleted meanwhile. */
async function membersOf(session: OktaSession, ctx: FetchContext, id: string): Promise<string[] | null> {
  const memberIds: string[] = [];
  try {
    for await (const users of session.client.pages(`/api/v1/groups/${encodeURIComponent(id)}/users`, { query: { limit: 200 }, signal: ctx.signal })) {
      for (const u of users) {
        const uid = str(u.id);
        if (uid) memberIds.push(uid);
      }
    }
  } catch (err) {
    if (err instanceof TwinError && err.code === 'UPSTREAM_NOT_FOUND') {
      ctx.warn('E0000007', `group ${id} was deleted during the sync; its members were skipped`);
      return null;
    }
    throw err;
  }
  return memberIds;
}

/** `/api/v1/groups` with `query`, page by page, each group with its members. */
export async function* readGroupPages(session: OktaSession, ctx: FetchContext, query: Query): AsyncGenerator<GroupWithMembers[], void, undefined> {
  for await (const page of session.client.pages('/api/v1/groups', { query, signal: ctx.signal })) {
    yield await mapLimit(page, MEMBER_CONCURRENCY, async (group): Promise<GroupWithMembers> => ({ group, memberIds: await membersOf(session, ctx, groupId(group)) }));
  }
}
