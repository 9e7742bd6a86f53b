/**
 * Per-request DataLoaders over the twin's explorer reads: every edge an explorer query walks is fetched
 * for all parents at once, so a request costs a constant number of Cypher round trips whatever its list
 * sizes.
 */
import DataLoader from 'dataloader';
import type { Graph } from '../neo4j/driver.js';
import type { ApplicationView, GroupView, Page, RoleGrantView } from '../twin/views.js';
import * as explorer from '../twin/explorer.js';
import type { ReachPages, Reached } from '../twin/explorer.js';

type ReachPart = keyof ReachPages;

interface ReachKey {
  part: ReachPart;
  page: Page;
  accountKey: string;
}

/**
 * What accounts reach through their groups (transitive groups, role grants, applications) through one loader.
 * Sibling fields of the same accounts are asked in the same tick, so they land in one batch, and one statement
 * walks each account's MEMBER_OF closure for all of them. Two pages of one part (aliases) take a second
 * statement: the n-th distinct page of each part goes in the n-th.
 */
function reachLoader(graph: Graph) {
  const loader = new DataLoader<ReachKey, Reached, string>(
    async (keys) => {
      const shapes: Record<ReachPart, string[]> = { groups: [], roles: [], applications: [] };
      const roundOf = keys.map((k) => {
        const shape = `${k.page.first}:${k.page.offset}`;
        const seen = shapes[k.part];
        if (!seen.includes(shape)) seen.push(shape);
        return seen.indexOf(shape);
      });
      const rounds = Math.max(...Object.values(shapes).map((s) => s.length));
      const answers = await Promise.all(
        Array.from({ length: rounds }, async (_, round) => {
          const pages: ReachPages = { groups: null, roles: null, applications: null };
          const accounts = new Set<string>();
          keys.forEach((k, i) => {
            if (roundOf[i] !== round) return;
            pages[k.part] = k.page;
            accounts.add(k.accountKey);
          });
          const reached = await explorer.reachedFromAccounts(graph, [...accounts], pages);
          return new Map([...accounts].map((key, i) => [key, reached[i]]));
        }),
      );
      return keys.map((k, i) => answers[roundOf[i] ?? 0]?.get(k.accountKey) ?? new Error(`no reach read for ${k.accountKey}`));
    },
    { cacheKeyFn: (k) => `${k.part}:${k.page.first}:${k.page.offset}:${k.accountKey}` },
  );
  return {
    groups: (page: Page, accountKey: string): Promise<GroupView[]> => loader.load({ part: 'groups', page, accountKey }).then((r) => r.groups),
    roles: (page: Page, accountKey: string): Promise<RoleGrantView[]> => loader.load({ part: 'roles', page, accountKey }).then((r) => r.roles),
    applications: (page: Page, accountKey: string): Promise<ApplicationView[]> =>
      loader.load({ part: 'applications', page, accountKey }).then((r) => r.applications),
  };
}

export function createLoaders(graph: Graph) {
  const batched = <V>(read: (graph: Graph, keys: readonly string[]) => Promise<V[]>) =>
    new DataLoader<string, V>((keys) => read(graph, keys));

  /**
   * A paged edge: one loader per page shape (first, offset), since the page is part of the statement and a
   * query may ask for an edge with two pages (aliases). Still one statement per edge and shape.
   */
  const paged = <V>(read: (graph: Graph, keys: readonly string[], page: Page) => Promise<V[][]>) => {
    const byShape = new Map<string, DataLoader<string, V[]>>();
    return (page: Page): DataLoader<string, V[]> => {
      const shape = `${page.first}:${page.offset}`;
      let loader = byShape.get(shape);
      if (!loader) {
        loader = new DataLoader<string, V[]>((keys) => read(graph, keys, page));
        byShape.set(shape, loader);
      }
      return loader;
    };
  };

  return {
    account: batched(explorer.accountsByKey),
    person: batched(explorer.peopleById),
    group: batched(explorer.groupsByKey),
    role: batched(explorer.rolesByKey),
    personOfAccount: batched(explorer.personOfAccounts),
    accountsOfPerson: paged(explorer.accountsOfPeople),
    directGroups: paged(explorer.directGroupsOfAccounts),
    reachOfAccount: reachLoader(graph),
    roleHolders: paged(explorer.holdersOfRoles),
    eventsOfAccount: paged(explorer.eventsOfAccounts),
    groupMembers: paged(explorer.membersOfGroups),
    groupMemberGroups: paged(explorer.memberGroupsOfGroups),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
