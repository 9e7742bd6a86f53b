/**
 * One enrichment pass: identity resolution, then the posture facts of the result. Callers hold the graph's lock
 * (serialized): the sync runner's hook (enrich.ts), the analysts' links, resolveIdentities and the first read of
 * a posture of an older version.
 *
 * It follows the changes when it can (enrich-scope.ts): the accounts the syncs changed since the last pass (and
 * the accounts an analyst just linked or unlinked), closed over what resolution joins on, are re-resolved and
 * their people's facts recomputed, and the accounts whose sign-in date alone changed get their dates updated
 * (activity-pass.ts); the rest of the twin is not read. A whole pass runs instead the first time,
 * after a pass that did not finish, when the stored facts are of an older release (FACTS_VERSION), and when the
 * changes are a large share of the twin (a first sync). A whole
 * pass runs in closed batches (enrich-batches.ts), so its memory is the batch's whatever the tenant's size.
 */
import type { Graph } from '../neo4j/driver.js';
import { readOverrides, removeAllEmptyPeople, resolveNow, type ResolutionResult } from './resolution-pass.js';
import { deleteOrphanFindings, factsAreCurrent, readFactsInputs, refreshPostureFacts, type FactsResult } from './posture-facts.js';
import { batchSizeFor, closedBatches } from './enrich-batches.js';
import { refreshActivity, type ActivityResult } from './activity-pass.js';
import {
  clearAllChanged, closeChanged, countChanged, lastEnrichmentFinished, markEnriched, takeChanged, worthScoping, type ChangeCounts, type Changed, type ChangedScope,
} from './enrich-scope.js';

export interface PassResult {
  /** WHOLE: every account was read, batch by batch; CHANGES: the changed accounts and what they touch. */
  mode: 'WHOLE' | 'CHANGES';
  /** Accounts the syncs changed since the last pass, and how many this pass re-resolved. */
  changed: number;
  scope: number;
  /** Accounts whose sign-in date alone changed, outside the scope: their dates updated (activity-pass.ts). */
  activity: ActivityResult & { accounts: number };
  /** Batches of a whole pass (1 for a pass over the changes). */
  batches: number;
  resolution: ResolutionResult;
  facts: FactsResult;
  /** Milliseconds per step. */
  timings: { scope: number; resolution: number; activity: number; facts: number };
}

export interface PassOptions {
  /** Accounts whose identity an analyst just changed (a link or an unlink), beside the flagged ones. */
  seeds?: readonly Changed[];
  /** A whole pass whatever changed (resolveIdentities, a posture of an older version). */
  whole?: boolean;
  /** Accounts per batch of a whole pass: batchSizeFor() the process's heap (tests make it small). */
  batchSize?: number;
}

/**
 * A pass over the changes so far, or nothing (null) when there are none or they need a whole pass: the pass a
 * sync starts while its later data sets still load (enrich.ts). A whole pass is left to the end of the sync,
 * where it would be needed again anyway. When the closure turns out too large, the flags are already taken and
 * the enrichment marked incomplete: the pass at the end is then a whole one.
 */
export async function enrichChangesSoFar(graph: Graph): Promise<PassResult | null> {
  const t0 = performance.now();
  const counts = await countChanged(graph);
  if (counts.changed === 0) return null;
  const scope = await scopeOfChanges(graph, counts, [], batchSizeFor());
  return scope && finish(graph, counts.changed, scope, performance.now() - t0);
}

export async function enrichPass(graph: Graph, options: PassOptions = {}): Promise<PassResult> {
  const t0 = performance.now();
  const counts = await countChanged(graph);
  const batchSize = options.batchSize ?? batchSizeFor();
  const scope = options.whole ? null : await scopeOfChanges(graph, counts, options.seeds ?? [], batchSize);
  if (scope) return finish(graph, counts.changed, scope, performance.now() - t0);
  await clearAllChanged(graph);
  const scoped = performance.now() - t0;
  const done = counts.accounts <= batchSize ? await passOver(graph, null) : await wholePass(graph, batchSize);
  const shape = { mode: 'WHOLE', changed: counts.changed, scope: done.resolution.accounts } as const;
  await markEnriched(graph, { ...shape, activity: 0 });
  return { ...shape, ...done, timings: { ...done.timings, scope: scoped } };
}

/**
 * The closed set of the flagged accounts (and the seeds), or null when a whole pass is due. Following the changes
 * needs few enough of them, the last pass finished and its facts of this release (an upgrade may add one); then
 * the flags are taken. A closure too large also gives null, with the flags taken and the enrichment incomplete.
 */
async function scopeOfChanges(graph: Graph, counts: ChangeCounts, seeds: readonly Changed[], batchSize: number): Promise<ChangedScope | null> {
  if (!worthScoping({ ...counts, changed: counts.changed + seeds.length })) return null;
  if (!(await lastEnrichmentFinished(graph)) || !(await factsAreCurrent(graph))) return null;
  const changed = [...(await takeChanged(graph)), ...seeds];
  return closeChanged(graph, changed, await readOverrides(graph), counts.accounts, batchSize);
}

/** The pass over a closed scope of changes, and its record. */
async function finish(graph: Graph, changed: number, scope: ChangedScope, scoped: number): Promise<PassResult> {
  const done = await passOver(graph, scope);
  const shape = { mode: 'CHANGES', changed, scope: scope.accountKeys.length } as const;
  await markEnriched(graph, { ...shape, activity: done.activity.accounts });
  return { ...shape, ...done, timings: { ...done.timings, scope: scoped } };
}

type Done = Pick<PassResult, 'batches' | 'resolution' | 'facts' | 'activity'> & { timings: { resolution: number; activity: number; facts: number } };

const NO_ACTIVITY: PassResult['activity'] = { accounts: 0, accountsWritten: 0, peopleWritten: 0 };

/**
 * One pass over a closed scope, or over every account at once when they fit in one batch. The sign-in dates of
 * the accounts outside the scope are updated beside the resolution (their people are outside it too: the two
 * write disjoint nodes) and before the facts: refreshing them writes the summary, whose new revision is what
 * tells each replica's page cache (posture-cache.ts) that the pages it shows have moved.
 */
async function passOver(graph: Graph, scope: ChangedScope | null): Promise<Done> {
  const t0 = performance.now();
  const timed = async <T>(work: Promise<T>): Promise<{ value: T; ms: number }> => ({ value: await work, ms: performance.now() - t0 });
  const [resolution, activity] = await Promise.all([
    timed(resolveNow(graph, scope)),
    timed(scope ? refreshActivity(graph, scope.activityKeys).then((a) => ({ accounts: scope.activityKeys.length, ...a })) : Promise.resolve(NO_ACTIVITY)),
  ]);
  const t1 = performance.now();
  const facts = await refreshPostureFacts(graph, new Date(), scope && { accountKeys: scope.accountKeys, removedPersonIds: resolution.value.removed });
  const { people, accounts } = resolution.value;
  return {
    batches: 1,
    resolution: { people, accounts },
    activity: activity.value,
    facts,
    timings: { resolution: resolution.ms, activity: activity.ms, facts: performance.now() - t1 },
  };
}

/**
 * Every account, batch by batch (when they do not fit in one). People without accounts are in no batch: they,
 * and the findings of people that are gone, are deleted first. The role holders and applications are read
 * once; the summary is written after the last batch, when every batch's facts are in the graph.
 */
async function wholePass(graph: Graph, batchSize: number): Promise<Done> {
  const t0 = performance.now();
  await removeAllEmptyPeople(graph);
  await deleteOrphanFindings(graph);
  const [batches, inputs] = await Promise.all([readOverrides(graph).then((o) => closedBatches(graph, o, batchSize)), readFactsInputs(graph)]);
  // An empty twin still gets its summary (all zeros).
  if (batches.length === 0) batches.push([]);
  const done: Done = {
    batches: batches.length,
    resolution: { people: 0, accounts: 0 },
    facts: { accountsWritten: 0, peopleWritten: 0, findingsWritten: 0, findingsDeleted: 0, timings: { read: 0, compute: 0, write: 0, summary: 0 } },
    activity: NO_ACTIVITY,
    timings: { resolution: performance.now() - t0, activity: 0, facts: 0 },
  };
  const now = new Date();
  for (const [i, accountKeys] of batches.entries()) {
    const t1 = performance.now();
    const resolution = await resolveNow(graph, { accountKeys, personIds: [] });
    const t2 = performance.now();
    const last = i === batches.length - 1;
    // The last batch also recomputes the lists of every role holder and application, and writes the summary.
    const scope = { accountKeys, removedPersonIds: resolution.removed, ...(last ? {} : { batchPeople: resolution.personIds }) };
    const facts = await refreshPostureFacts(graph, now, scope, { inputs, summary: last });
    done.resolution.people += resolution.people;
    done.resolution.accounts += resolution.accounts;
    addFacts(done.facts, facts);
    done.timings.resolution += t2 - t1;
    done.timings.facts += performance.now() - t2;
  }
  return done;
}

function addFacts(sum: FactsResult, f: FactsResult): void {
  sum.accountsWritten += f.accountsWritten;
  sum.peopleWritten += f.peopleWritten;
  sum.findingsWritten += f.findingsWritten;
  sum.findingsDeleted += f.findingsDeleted;
  for (const k of ['read', 'compute', 'write', 'summary'] as const) sum.timings[k] += f.timings[k];
}
