/**
 * The groups data set's incremental read: groups whose profile or membership changed since the cursor
 * (`filter=lastUpdated gt "X" or lastMembershipUpdated gt "X"`), each upserted with its members listed whole
 * again (its edges not seen this run are pruned), and groups the System Log says were deleted
 * (`group.lifecycle.delete`). The log is read first: when it cannot answer, the data set is read whole.
 */
import { chunk } from '../concurrency.js';
import type { FetchContext } from '../resource.js';
import { GROUP_EVENTS, changeWindow, iso, readLogChanges, refusedFilterReadsWhole } from './change-feed.js';
import { readGroupPages, type GroupsPage } from './group-reads.js';
import type { OktaSession } from './session.js';

const IDS_PER_PAGE = 200;

/**
 * The groups data set's next cursor: never past the time from which this run's users data set read
 * everything (a membership of a user the twin did not hold yet got no edge, so the group is read again
 * next time), and none when users were not read in this run.
 */
export function groupsCursor(session: OktaSession, start: number): number | null {
  const users = session.usersReadAt;
  return users === null ? null : Math.min(start, users);
}

export async function* groupsChanges(session: OktaSession, ctx: FetchContext): AsyncGenerator<GroupsPage, void, undefined> {
  const window = await changeWindow(session, ctx);
  const log = await readLogChanges(session, ctx, window, GROUP_EVENTS);
  const since = iso(window.since);
  const query = { limit: 200, expand: 'stats', filter: `lastUpdated gt "${since}" or lastMembershipUpdated gt "${since}"` };
  for await (const groups of refusedFilterReadsWhole(readGroupPages(session, ctx, query), 'groups lastUpdated / lastMembershipUpdated')) {
    yield { kind: 'groups', groups, replaceMembers: true };
  }
  for (const ids of chunk([...log.deletedGroups], IDS_PER_PAGE)) yield { kind: 'deleted', ids };
  // Without this run's users, the changes are read again next time (the cursor stays where it was).
  const cursor = groupsCursor(session, window.until);
  if (cursor !== null) ctx.setCursor(iso(cursor));
}
