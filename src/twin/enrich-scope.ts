/**
 * What an enrichment after a sync has to redo. Every write that changes an account raises its change flag
 * (model/declare.ts ChangeFlag): 'identity' when an identifier changed, 'facts' when something else did (MFA, a
 * status, a name), 'activity' when only a sign-in date did. Enrichment takes the flagged accounts and closes the
 * set so that a resolution of the set alone equals a whole pass:
 *
 * - an account whose identifiers changed, and the accounts of people who lost one to a deletion (their account
 *   count no longer matches), may move people: the set takes the accounts of their people (a person may split),
 *   every account sharing a join key with one in the set (it may join another person), found on the indexes of
 *   the stored identifiers, which are the join keys themselves (identity-keys.ts), and every account an analyst
 *   linked with one; repeated until nothing new joins;
 * - an account whose facts alone changed stays with its person: the set takes its person's accounts, whose
 *   own properties (last activity, name) are derived from all of them;
 * - an account whose sign-in date alone changed is not in the set (unless it is there for another reason): only
 *   its staleness date and its person's last activity move, and activity-pass.ts updates those directly.
 *
 * Daily syncs mostly change sign-in dates (a real org's users sign in every day), so most changes need no set.
 * When the flagged accounts or the closure are a large share of the twin, a whole pass is cheaper.
 */
import type { Graph } from '../neo4j/driver.js';
import { ACCOUNT_CHANGE_FLAG } from '../model/graph.js';
import { joinFieldsOf, joinKeys, type StoredJoinFields } from './identity-keys.js';
import type { Overrides } from './components.js';

/** Above this share of the accounts, a whole pass reads less than following the changes. */
const MAX_SCOPE_SHARE = 0.5;
/** Above this share flagged, the closure (each account with its person's) would likely pass MAX_SCOPE_SHARE. */
const MAX_CHANGED_SHARE = 0.25;
/** Flags taken in one transaction at most (it bounds that transaction's memory): above it, a whole pass. */
const MAX_TAKEN = 100_000;

/** What changed on an account (model/declare.ts ChangeFlag), widest first. */
export type ChangeKind = 'identity' | 'facts' | 'activity';

/** A flagged account and what changed. */
export interface Changed {
  key: string;
  kind: ChangeKind;
}

export interface ChangedScope {
  /** A closed set of accounts (see above). */
  accountKeys: string[];
  /** People that lost accounts outside the set (deleted), besides the people of the set's accounts. */
  personIds: string[];
  /** Accounts outside the set whose sign-in date alone changed. */
  activityKeys: string[];
}

export interface ChangeCounts {
  /** Accounts carrying the change flag, of which `activity` only for a sign-in date. */
  changed: number;
  activity: number;
  accounts: number;
}

/** How many accounts carry the change flag (and how many of them for a sign-in alone), and how many there are. */
export async function countChanged(graph: Graph): Promise<ChangeCounts> {
  const [row] = await graph.read<ChangeCounts>(
    `CALL () {
       MATCH (a:Account) WHERE a.${ACCOUNT_CHANGE_FLAG} IS NOT NULL
       RETURN count(a) AS changed, count(CASE WHEN a.${ACCOUNT_CHANGE_FLAG} = 'activity' THEN 1 END) AS activity
     }
     CALL () { MATCH (a:Account) RETURN count(a) AS accounts }
     RETURN changed, activity, accounts`,
  );
  return row ?? { changed: 0, activity: 0, accounts: 0 };
}

/**
 * Whether following the changes is worth it: few enough flagged accounts to take in one transaction, and few
 * enough that the closure stays small. Sign-ins alone do not count towards that share: they join no closure,
 * so a day when most of the org signed in still follows the changes.
 */
export function worthScoping(c: ChangeCounts): boolean {
  return c.changed <= MAX_TAKEN && c.changed - c.activity <= c.accounts * MAX_CHANGED_SHARE;
}

/**
 * Lowers the flags and returns the accounts that had them, in the transaction that marks the enrichment
 * incomplete: if the process dies before the changes are applied, the next enrichment is a whole pass. A write
 * that changes an account after this raises its flag again, for the next enrichment.
 */
export async function takeChanged(graph: Graph): Promise<Changed[]> {
  const rows = await graph.write<{ key: string; kind: unknown }>(
    `MERGE (s:EnrichmentState {key: 'twin'}) SET s.incomplete = true
     WITH s
     MATCH (a:Account) WHERE a.${ACCOUNT_CHANGE_FLAG} IS NOT NULL
     WITH a, a.${ACCOUNT_CHANGE_FLAG} AS kind
     SET a.${ACCOUNT_CHANGE_FLAG} = null
     RETURN a.key AS key, kind`,
  );
  // Anything else is taken as an identifier change: the wider closure is never wrong.
  return rows.map((r) => ({ key: r.key, kind: r.kind === 'facts' || r.kind === 'activity' ? r.kind : 'identity' }));
}

/** Marks the enrichment incomplete and lowers every flag in batches (a whole pass follows). */
export async function clearAllChanged(graph: Graph): Promise<void> {
  await graph.write(`MERGE (s:EnrichmentState {key: 'twin'}) SET s.incomplete = true`);
  await graph.writeAutoCommit(
    `MATCH (a:Account) WHERE a.${ACCOUNT_CHANGE_FLAG} IS NOT NULL
     CALL (a) { SET a.${ACCOUNT_CHANGE_FLAG} = null } IN TRANSACTIONS OF 10000 ROWS`,
  );
}

/** Whether the last enrichment finished (false when none ran yet: the first one is a whole pass). */
export async function lastEnrichmentFinished(graph: Graph): Promise<boolean> {
  const [row] = await graph.read<{ incomplete: boolean | null }>(`MATCH (s:EnrichmentState {key: 'twin'}) RETURN s.incomplete AS incomplete`);
  return row !== undefined && row.incomplete === false;
}

/** What the last pass did, kept beside its state: an operator (or a test) sees whether it followed the changes. */
export interface PassShape {
  mode: 'WHOLE' | 'CHANGES';
  /** Accounts flagged by the syncs. */
  changed: number;
  /** Accounts re-resolved. */
  scope: number;
  /** Accounts whose sign-in date alone was updated (activity-pass.ts). */
  activity: number;
}

export async function markEnriched(graph: Graph, shape: PassShape): Promise<void> {
  await graph.write(
    `MERGE (s:EnrichmentState {key: 'twin'})
     SET s.incomplete = false, s.enrichedAt = $now, s.mode = $mode, s.changed = $changed, s.scope = $scope, s.activity = $activity`,
    { now: new Date().toISOString(), ...shape },
  );
}

/** People whose account count no longer matches their accounts: they lost one to a deletion. */
async function peopleMissingAccounts(graph: Graph): Promise<string[]> {
  const rows = await graph.read<{ id: string }>(
    `MATCH (p:Person) WHERE coalesce(p.accountCount, -1) <> COUNT { (p)-[:HAS_ACCOUNT]->() } RETURN p.id AS id`,
  );
  return rows.map((r) => r.id);
}

/** The accounts of these accounts' people. */
async function personMates(graph: Graph, keys: readonly string[]): Promise<string[]> {
  const rows = await graph.read<{ key: string }>(
    `UNWIND $keys AS key MATCH (:Account {key: key})<-[:HAS_ACCOUNT]-(p:Person) MATCH (p)-[:HAS_ACCOUNT]->(b:Account) RETURN DISTINCT b.key AS key`,
    { keys: [...keys] },
  );
  return rows.map((r) => r.key);
}

/** The accounts one step from these: same person, a shared join key, or an analyst's link. */
async function neighbours(graph: Graph, keys: readonly string[], links: Overrides['links']): Promise<string[]> {
  const ids = await graph.read<StoredJoinFields>(
    `UNWIND $keys AS key MATCH (a:Account {key: key})
     RETURN a.key AS key, a.source AS source, a.externalId AS externalId, a.loginNorm AS loginNorm, a.emailNorm AS emailNorm,
            a.immutableId AS immutableId, a.o365ImmutableId AS o365ImmutableId, a.login AS login, a.email AS email`,
    { keys: [...keys] },
  );
  const names = new Set<string>();
  const immutable = new Set<string>();
  const oktaIds = new Set<string>();
  for (const row of ids) {
    for (const k of joinKeys(joinFieldsOf(row))) {
      const value = k.value.slice(2);
      if (k.value.startsWith('n:')) names.add(value);
      else {
        // i: and u: keys: an Entra immutable id meets an Okta O365 immutable id (i:) or an Okta user id (u:).
        immutable.add(value);
        if (k.value.startsWith('u:')) oktaIds.add(value);
      }
    }
  }
  const inSet = new Set(keys);
  const linked = links.filter((l) => l.some((k) => inSet.has(k))).flat();
  const rows = await graph.read<{ key: string }>(
    `CALL () {
       UNWIND $keys AS key MATCH (:Account {key: key})<-[:HAS_ACCOUNT]-(:Person)-[:HAS_ACCOUNT]->(b:Account) RETURN b.key AS key
       UNION
       UNWIND $names AS v MATCH (b:Account) WHERE b.loginNorm = v RETURN b.key AS key
       UNION
       UNWIND $names AS v MATCH (b:Account) WHERE b.emailNorm = v RETURN b.key AS key
       UNION
       UNWIND $immutable AS v MATCH (b:Account) WHERE b.immutableId = v RETURN b.key AS key
       UNION
       UNWIND $immutable AS v MATCH (b:Account) WHERE b.o365ImmutableId = v RETURN b.key AS key
       UNION
       UNWIND $oktaIds AS v MATCH (b:Account) WHERE b.source = 'OKTA' AND b.externalId = v RETURN b.key AS key
       UNION
       UNWIND $linked AS key MATCH (b:Account {key: key}) RETURN b.key AS key
     }
     RETURN key`,
    { keys: [...keys], names: [...names], immutable: [...immutable], oktaIds: [...oktaIds], linked },
  );
  return rows.map((r) => r.key);
}

/**
 * Closes the changed accounts (see the module's comment). Null when the closure grows past the share where a
 * whole pass is cheaper, or past maxScope accounts (what one pass may hold).
 */
export async function closeChanged(graph: Graph, changed: readonly Changed[], overrides: Overrides, accounts: number, maxScope: number): Promise<ChangedScope | null> {
  const personIds = await peopleMissingAccounts(graph);
  const seeds = new Set(changed.filter((c) => c.kind === 'identity').map((c) => c.key));
  if (personIds.length > 0) {
    const rows = await graph.read<{ key: string }>(
      `UNWIND $ids AS id MATCH (:Person {id: id})-[:HAS_ACCOUNT]->(a:Account) RETURN a.key AS key`,
      { ids: personIds },
    );
    for (const r of rows) seeds.add(r.key);
  }
  // A scope is held whole in memory: never more than a batch of a whole pass (enrich-batches.ts).
  const limit = Math.min(maxScope, Math.max(1000, accounts * MAX_SCOPE_SHARE));
  const factsOnly = changed.filter((c) => c.kind === 'facts').map((c) => c.key);
  const scope = new Set([...factsOnly, ...(await personMates(graph, factsOnly))]);
  if (scope.size > limit) return null;
  // Every identity seed is walked from, even one already in the set as a person's account.
  let frontier = [...seeds];
  for (const k of seeds) scope.add(k);
  while (frontier.length > 0) {
    const next = (await neighbours(graph, frontier, overrides.links)).filter((k) => !scope.has(k));
    for (const k of next) scope.add(k);
    if (scope.size > limit) return null;
    frontier = [...new Set(next)];
  }
  const activityKeys = changed.filter((c) => c.kind === 'activity' && !scope.has(c.key)).map((c) => c.key);
  return { accountKeys: [...scope], personIds, activityKeys };
}
