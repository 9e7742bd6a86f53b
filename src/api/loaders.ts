/**
 * Per-request DataLoaders over the twin's explorer reads: every edge an explorer query walks is fetched
 * for all parents at once, so a request costs a constant number of Cypher round trips whatever its list
 * sizes.
 */
import DataLoader from 'dataloader';
import type { Graph } from '../neo4j/driver.js';
import * as explorer from '../twin/explorer.js';

export function createLoaders(graph: Graph) {
  const batched = <V>(read: (graph: Graph, keys: readonly string[]) => Promise<V[]>) =>
    new DataLoader<string, V>((keys) => read(graph, keys));

  return {
    account: batched(explorer.accountsByKey),
    person: batched(explorer.peopleById),
    group: batched(explorer.groupsByKey),
    role: batched(explorer.rolesByKey),
    personOfAccount: batched(explorer.personOfAccounts),
    accountsOfPerson: batched(explorer.accountsOfPeople),
    directGroups: batched(explorer.directGroupsOfAccounts),
    transitiveGroups: batched(explorer.transitiveGroupsOfAccounts),
    roleGrantsOfAccount: batched(explorer.roleGrantsOfAccounts),
    roleHolders: batched(explorer.holdersOfRoles),
    applicationsOfAccount: batched(explorer.applicationsOfAccounts),
    eventsOfAccount: batched(explorer.eventsOfAccounts),
    groupMembers: batched(explorer.membersOfGroups),
    groupMemberGroups: batched(explorer.memberGroupsOfGroups),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
