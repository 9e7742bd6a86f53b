/**
 * Per-request DataLoaders over the twin's explorer reads: every edge an explorer query walks is fetched
 * for all parents at once, so a request costs a constant number of Cypher round trips whatever its list
 * sizes.
 */
import DataLoader from 'dataloader';
import type { Graph } from '../neo4j/driver.js';
import type { Page } from '../twin/views.js';
import * as explorer from '../twin/explorer.js';

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
    transitiveGroups: paged(explorer.transitiveGroupsOfAccounts),
    roleGrantsOfAccount: paged(explorer.roleGrantsOfAccounts),
    roleHolders: paged(explorer.holdersOfRoles),
    applicationsOfAccount: paged(explorer.applicationsOfAccounts),
    eventsOfAccount: paged(explorer.eventsOfAccounts),
    groupMembers: paged(explorer.membersOfGroups),
    groupMemberGroups: paged(explorer.memberGroupsOfGroups),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
