/**
 * Enrichment that follows the changes (src/twin/enrich.ts): after both IdPs' incremental syncs of a scripted
 * day, plus the changes that move people (a merge through a shared email, a split, a deleted account that
 * joined two, a role gained through a group), the twin must be exactly what a whole pass computes on the same
 * graph: the same people with the same ids, the same facts and findings, the same posture numbers. And it
 * must have read only part of the twin to get there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyntheticScenario } from '../../dev/simulators/synthetic/index.js';
import { scriptedEntraDay } from '../../dev/simulators/synthetic/entra/day.js';
import { scriptedOktaDay } from '../../dev/simulators/synthetic/okta/day.js';
import type { Graph } from '../../src/neo4j/driver.js';
import { enrichAfterSync } from '../../src/twin/enrich.js';
import { resolveNow } from '../../src/twin/resolution-pass.js';
import { refreshPostureFacts } from '../../src/twin/posture-facts.js';
import { enrichPass } from '../../src/twin/enrich-pass.js';
import { serialized } from '../../src/twin/serialize.js';
import { linkAccounts } from '../../src/twin/resolution.js';
import { SYNTHETIC_ENTRA, SYNTHETIC_OKTA_CLIENT, startSyntheticWorld, type SyntheticWorld } from '../support/synthetic-world.js';
import { waitForRun } from '../support/app.js';
import { logSink } from '../support/log-sink.js';
import { expectMaterialisedEqualsOracle } from '../twin/oracle-check.js';
import { ConfigureEntraDocument, ConfigureOktaDocument, SyncEntraDocument, SyncOktaDocument, SyncRunDocument } from '../generated/operations.js';

let world: SyntheticWorld;
let scenario: SyntheticScenario;
let graph: Graph;

let log: ReturnType<typeof logSink>;

async function sync(idp: 'entra' | 'okta'): Promise<string> {
  const started = idp === 'entra'
    ? (await world.t.gql(SyncEntraDocument, { hoursBack: 48 })).data?.entraIdSync.id
    : (await world.t.gql(SyncOktaDocument, { hoursBack: 48 })).data?.oktaSync.id;
  const run = await waitForRun(async () => (await world.t.gql(SyncRunDocument, { id: started ?? '' })).data?.syncRun ?? null);
  expect(run.status).toBe('SUCCEEDED');
  return started ?? '';
}

interface LoggedPass {
  stage: string;
  mode: string;
  changed: number;
  scope: number;
  activity: { accounts: number };
}

/** The enrichment passes of a run, as the operator's log reports them ('twin enriched'). */
function passesOf(runId: string): Array<[string, string, number, number, number]> {
  return log.lines
    .filter((l) => l.msg === 'twin enriched' && l.runId === runId)
    .map((l) => l as unknown as LoggedPass)
    .map((p) => [p.stage, p.mode, p.changed, p.scope, p.activity.accounts]);
}

async function enrichment(): Promise<{ mode: string | null }> {
  const [row] = await graph.read<{ mode: string | null }>(`MATCH (s:EnrichmentState {key: 'twin'}) RETURN s.mode AS mode`);
  return row ?? { mode: null };
}

/** Everything enrichment writes, comparable between two passes (person ids included: they must be kept). */
async function twinState(): Promise<unknown> {
  const people = await graph.read<{ p: Record<string, unknown>; accounts: string[] }>(
    `MATCH (p:Person)-[h:HAS_ACCOUNT]->(a:Account)
     WITH p, a.key + ' ' + h.matchedBy AS held ORDER BY held
     RETURN properties(p) AS p, collect(held) AS accounts ORDER BY p.id`,
  );
  const accounts = await graph.read<Record<string, unknown>>(
    `MATCH (a:Account)
     RETURN a.key AS key, a.orderName AS orderName, a.staleSince AS staleSince, a.globalAdmin AS globalAdmin,
            a.privilegedActive AS privilegedActive, a.tier0Active AS tier0Active, a.phishingResistantMfa AS phishingResistantMfa
     ORDER BY key`,
  );
  const findings = await graph.read<{ key: string; hash: string }>('MATCH (f:PostureFinding) RETURN f.key AS key, f.hash AS hash ORDER BY key');
  const [summary] = await graph.read<{ numbers: string }>(`MATCH (s:PostureSummary {key: 'posture'}) RETURN s.numbers AS numbers`);
  return { people, accounts, findings, numbers: JSON.parse(summary?.numbers ?? 'null') };
}

async function peopleOf(accountKey: string): Promise<string[]> {
  const rows = await graph.read<{ keys: string[] }>(
    `MATCH (:Account {key: $key})<-[:HAS_ACCOUNT]-(p:Person) MATCH (p)-[:HAS_ACCOUNT]->(a:Account) RETURN collect(a.key) AS keys`,
    { key: accountKey },
  );
  return [...(rows[0]?.keys ?? [])].sort();
}

beforeAll(async () => {
  log = logSink();
  world = await startSyntheticWorld({ seed: 23, people: 300, log: log.log });
  scenario = world.scenario;
  graph = world.t.app.services.graph;
  const e = await world.t.gql(ConfigureEntraDocument, { input: { tenantId: scenario.entra.tenantId, ...SYNTHETIC_ENTRA } });
  expect(e.errors).toBeUndefined();
  const o = await world.t.gql(ConfigureOktaDocument, {
    input: { orgUrl: world.oktaSim.orgUrl, clientId: SYNTHETIC_OKTA_CLIENT, privateKey: world.privatePem, keyId: 'k1' },
  });
  expect(o.errors).toBeUndefined();
});

afterAll(async () => {
  await world?.close();
});

describe('enrichment after incremental syncs', () => {
  it('reads the whole twin the first time', async () => {
    const entraRun = await sync('entra');
    expect(await enrichment()).toEqual({ mode: 'WHOLE' });
    const oktaRun = await sync('okta');
    // Every Okta account is new: far more than the share where following changes pays.
    expect(await enrichment()).toEqual({ mode: 'WHOLE' });
    // A whole pass is not started while the data sets load: it would be needed again at the end.
    expect(passesOf(entraRun).map(([stage, mode]) => [stage, mode])).toEqual([['AFTER_SYNC', 'WHOLE']]);
    expect(passesOf(oktaRun).map(([stage, mode]) => [stage, mode])).toEqual([['AFTER_SYNC', 'WHOLE']]);
    // Which left what one whole pass computes: another changes nothing.
    const state = await twinState();
    expect((await resolveNow(graph)).removed).toEqual([]);
    expect(await refreshPostureFacts(graph)).toMatchObject({ accountsWritten: 0, peopleWritten: 0, findingsWritten: 0, findingsDeleted: 0 });
    expect(await twinState()).toEqual(state);
  });

  it('follows the changes of a day, and leaves the twin a whole pass computes', async () => {
    const T = scenario.entra.tenantId;
    const entra = world.entraSim.mutate(T);
    const okta = world.oktaSim.changes;
    const host = new URL(world.oktaSim.orgUrl).hostname;
    const entraKey = (id: string): string => `entra:${T}:${id}`;
    const oktaKey = (id: string): string => `okta:${host}:${id}`;
    const from = Date.now();

    // A merge: an Entra user takes the email of an Okta user who is someone else.
    const [u1, u2, u3] = scenario.entra.users.filter((u) => u.accountEnabled !== false && u.mail && !u.userPrincipalName.includes('#EXT#')).slice(5, 8);
    const stranger = scenario.okta.users.find((o) => o.profile.email.toLowerCase() !== u1?.mail?.toLowerCase() && o.status === 'ACTIVE'
      && !scenario.entra.users.some((e) => e.mail?.toLowerCase() === o.profile.email.toLowerCase()));
    expect(u1 && u2 && u3 && stranger).toBeTruthy();
    if (!u1 || !u2 || !u3 || !stranger) return;
    const strangerBefore = await peopleOf(oktaKey(stranger.id));
    const u1Before = await peopleOf(entraKey(u1.id));
    expect(u1Before).not.toContain(oktaKey(stranger.id));
    entra.updateUser(u1.id, { mail: stranger.profile.email });
    // A split: an Entra user's UPN, mail and immutable id move away from its Okta account's login, email and id.
    entra.updateUser(u2.id, { userPrincipalName: `moved.${u2.userPrincipalName}`, mail: `moved.${u2.mail}`, onPremisesImmutableId: null });
    // A deletion: u3's Entra account goes; its person keeps the Okta account alone.
    entra.deleteUser(u3.id, { permanent: true });

    scriptedEntraDay(scenario.entra, entra, { seed: 5, intensity: 2, signInShare: 0.05 });
    await new Promise((r) => setTimeout(r, 1500));
    scriptedOktaDay(okta, scenario.okta, { seed: 5, from, to: Date.now() - 10, signInRate: 0.05 });

    const entraRun = await sync('entra');
    expect(await enrichment()).toEqual({ mode: 'CHANGES' });
    const oktaRun = await sync('okta');
    expect(await enrichment()).toEqual({ mode: 'CHANGES' });
    // Each sync followed its users' changes while the rest loaded, then what the later data sets changed.
    for (const runId of [entraRun, oktaRun]) {
      expect(passesOf(runId).map(([stage, mode]) => [stage, mode])).toEqual([['WHILE_LOADING', 'CHANGES'], ['AFTER_SYNC', 'CHANGES']]);
    }

    // The changes landed in people.
    expect(await peopleOf(entraKey(u1.id))).toEqual([...new Set([...strangerBefore, ...u1Before])].sort());
    expect(await peopleOf(entraKey(u2.id))).toEqual([entraKey(u2.id)]);
    expect(await peopleOf(entraKey(u3.id))).toEqual([]);

    // A whole pass over the same graph changes nothing.
    const followed = await twinState();
    const whole = await resolveNow(graph);
    expect(whole.removed).toEqual([]);
    const facts = await refreshPostureFacts(graph);
    expect(facts).toMatchObject({ accountsWritten: 0, peopleWritten: 0, findingsWritten: 0, findingsDeleted: 0 });
    expect(await twinState()).toEqual(followed);
    await expectMaterialisedEqualsOracle(graph, 30, new Date());
  });

  it('updates the dates of accounts that only signed in, without resolving them', async () => {
    const T = scenario.entra.tenantId;
    // Active Entra accounts whose people also have an Okta account: the person's last activity is the later one.
    const signers = await graph.read<{ id: string; key: string; person: string; okta: Array<string | null> }>(
      `MATCH (p:Person)-[:HAS_ACCOUNT]->(a:Account {source: 'ENTRA_ID'})
       WHERE coalesce(a.active, false) AND COUNT { (p)-[:HAS_ACCOUNT]->(:Account {source: 'OKTA'}) } = 1
       MATCH (p)-[:HAS_ACCOUNT]->(o:Account {source: 'OKTA'})
       RETURN a.externalId AS id, a.key AS key, p.id AS person, collect(o.lastSignInAt) AS okta ORDER BY key LIMIT 3`,
    );
    expect(signers).toHaveLength(3);
    const revision = async (): Promise<unknown> => (await graph.read<{ r: unknown }>(`MATCH (s:PostureSummary {key: 'posture'}) RETURN s.revision AS r`))[0]?.r;
    const before = await revision();
    // Whole seconds: Graph reports signInActivity to the second.
    const at = Math.floor((Date.now() - 60_000) / 1000) * 1000;
    const tenant = world.entraSim.mutate(T);
    for (const s of signers) tenant.recordSignIn(s.id, { at, interactive: true });

    const runId = await sync('entra');
    // Nothing else changed: three sign-ins, none re-resolved. They came with the users, so the pass while the
    // rest loaded took them; the pass after the sync found nothing left.
    expect(passesOf(runId)).toEqual([['WHILE_LOADING', 'CHANGES', 3, 0, 3], ['AFTER_SYNC', 'CHANGES', 0, 0, 0]]);
    const iso = new Date(at).toISOString();
    for (const s of signers) {
      const [row] = await graph.read<{ staleSince: string; lastActivityAt: string }>(
        `MATCH (p:Person {id: $person})-[:HAS_ACCOUNT]->(a:Account {key: $key}) RETURN a.staleSince AS staleSince, p.lastActivityAt AS lastActivityAt`,
        { person: s.person, key: s.key },
      );
      const okta = s.okta[0] ?? null;
      expect(row).toEqual({ staleSince: iso, lastActivityAt: okta !== null && Date.parse(okta) > at ? okta : iso });
    }
    // The pages each replica keeps show these dates: the summary's new revision drops them.
    expect(await revision()).not.toEqual(before);

    const followed = await twinState();
    expect((await resolveNow(graph)).removed).toEqual([]);
    expect(await refreshPostureFacts(graph)).toMatchObject({ accountsWritten: 0, peopleWritten: 0, findingsWritten: 0, findingsDeleted: 0 });
    expect(await twinState()).toEqual(followed);
  });

  it('follows the changes when most accounts only signed in: sign-ins join no closure', async () => {
    // As the model's writes flag a moved sign-in date (graph-model.test.ts checks those), on 40% of the accounts:
    // more than the share of flags above which other changes make a whole pass cheaper.
    const [{ accounts } = { accounts: 0 }] = await graph.read<{ accounts: number }>('MATCH (a:Account) RETURN count(a) AS accounts');
    const signedIn = Math.ceil(accounts * 0.4);
    await graph.write(
      `MATCH (a:Account) WITH a ORDER BY a.key LIMIT toInteger($n)
       SET a.lastSignInAt = $at, a.enrichPending = coalesce(a.enrichPending, 'activity')`,
      { n: signedIn, at: new Date(Date.now() - 30_000).toISOString() },
    );
    const r = await enrichAfterSync(graph);
    expect(r).toMatchObject({ mode: 'CHANGES', changed: signedIn, scope: 0, activity: { accounts: signedIn } });

    const followed = await twinState();
    expect((await resolveNow(graph)).removed).toEqual([]);
    expect(await refreshPostureFacts(graph)).toMatchObject({ accountsWritten: 0, peopleWritten: 0, findingsWritten: 0, findingsDeleted: 0 });
    expect(await twinState()).toEqual(followed);
  });

  it('reads the whole twin when the last enrichment did not finish (a killed process)', async () => {
    await graph.write(`MATCH (s:EnrichmentState {key: 'twin'}) SET s.incomplete = true`);
    const r = await enrichAfterSync(graph);
    expect(r.mode).toBe('WHOLE');
    expect(r.facts).toMatchObject({ accountsWritten: 0, peopleWritten: 0 });
    expect(await enrichment()).toEqual({ mode: 'WHOLE' });
    expect((await enrichAfterSync(graph)).mode).toBe('CHANGES');
  });

  it('reads the whole twin when the stored facts are of an older release', async () => {
    // An upgrade that materialises a new fact (FACTS_VERSION) must compute it on every account, not on the changed.
    await graph.write(`MATCH (s:PostureSummary {key: 'posture'}) SET s.version = s.version - 1`);
    await graph.write(`MATCH (a:Account) SET a.countedAs = null`);
    const r = await enrichAfterSync(graph);
    expect(r.mode).toBe('WHOLE');
    expect((await graph.read<{ n: number }>('MATCH (a:Account) WHERE a.countedAs IS NULL RETURN count(a) AS n'))[0]?.n).toBe(0);
    expect((await enrichAfterSync(graph)).mode).toBe('CHANGES');
    await expectMaterialisedEqualsOracle(graph, 30, new Date());
  });

  it('follows a role gained through a group: the new holder and its person get their facts', async () => {
    const [holder] = await graph.read<{ group: string; account: string }>(
      `MATCH (r:Role {source: 'ENTRA_ID'})<-[:HAS_ROLE {assignment: 'active'}]-(g:Group)
       WHERE r.privileged = true OR r.privileged IS NULL
       MATCH (a:Account {source: 'ENTRA_ID'}) WHERE coalesce(a.active, false) AND NOT coalesce(a.privilegedActive, false)
       RETURN g.externalId AS group, a.externalId AS account LIMIT 1`,
    );
    expect(holder).toBeDefined();
    if (!holder) return;
    world.entraSim.mutate(scenario.entra.tenantId).addMember(holder.group, { type: 'user', id: holder.account });
    await sync('entra');
    expect(await enrichment()).toEqual({ mode: 'CHANGES' });
    const followed = await twinState();
    await resolveNow(graph);
    expect(await refreshPostureFacts(graph)).toMatchObject({ accountsWritten: 0, peopleWritten: 0, findingsWritten: 0, findingsDeleted: 0 });
    expect(await twinState()).toEqual(followed);
  });

  it('runs a whole pass in closed batches that leave the twin one whole pass computes', async () => {
    // Changes written behind the syncs' back (no change flags): a merge and a split, a person without accounts
    // and a finding of a person that is gone. Only a whole pass finds them.
    const [a, b, c] = await graph.read<{ key: string; email: string }>(
      `MATCH (p:Person)-[:HAS_ACCOUNT]->(a:Account {source: 'ENTRA_ID'}) WHERE a.emailNorm IS NOT NULL AND COUNT { (p)-[:HAS_ACCOUNT]->() } = 2
       RETURN a.key AS key, a.emailNorm AS email ORDER BY a.key LIMIT 3`,
    );
    expect(a && b && c).toBeTruthy();
    if (!a || !b || !c) return;
    await graph.write(`MATCH (x:Account {key: $a}) SET x.emailNorm = $email`, { a: a.key, email: b.email });
    await graph.write(`MATCH (x:Account {key: $c}) SET x.emailNorm = 'split.' + x.emailNorm, x.loginNorm = 'split.' + x.loginNorm, x.immutableId = null`, { c: c.key });
    await graph.write(`CREATE (:Person {id: 'person-without-accounts', key: 'person-without-accounts', createdAt: '2020-01-01T00:00:00.000Z'})`);
    // An analyst's link between accounts far apart in the store: the batches must keep them together.
    const [pair] = await graph.read<{ first: string; last: string }>(
      `MATCH (x:Account {source: 'OKTA'})<-[:HAS_ACCOUNT]-(px:Person) WHERE COUNT { (px)-[:HAS_ACCOUNT]->() } = 1
       WITH x ORDER BY x.key LIMIT 1
       MATCH (y:Account {source: 'ENTRA_ID'})<-[:HAS_ACCOUNT]-(py:Person) WHERE COUNT { (py)-[:HAS_ACCOUNT]->() } = 1
       WITH x, y ORDER BY y.key DESC LIMIT 1
       RETURN x.key AS first, y.key AS last`,
    );
    const [first, last] = pair ? [{ key: pair.first }, { key: pair.last }] : [];
    if (!first || !last) throw new Error('no accounts to link');
    await linkAccounts(graph, [first.key, last.key]);
    // ...also when no person holds them any more (as after a store rebuilt from the IdPs): only the link joins them.
    await graph.write('MATCH (:Person)-[h:HAS_ACCOUNT]->(x:Account) WHERE x.key IN $keys DELETE h', { keys: [first.key, last.key] });
    await graph.write(`CREATE (:PostureFinding {key: 'gone-finding', list: 'mfaGap', bucket: 'NO_MFA_ANYWHERE', sort: 'x', subject: 'no-such-person', hash: 'h'})`);

    const pass = await serialized(graph, () => enrichPass(graph, { whole: true, batchSize: 40 }));
    expect(pass.mode).toBe('WHOLE');
    expect(pass.batches).toBeGreaterThan(5);
    expect(pass.resolution.accounts).toBe((await graph.read<{ n: number }>('MATCH (x:Account) RETURN count(x) AS n'))[0]?.n);
    expect(await peopleOf(a.key)).toContain(b.key);
    expect(await peopleOf(first.key)).toContain(last.key);
    expect(await graph.read(`MATCH (p:Person {id: 'person-without-accounts'}) RETURN p`)).toEqual([]);
    expect(await graph.read(`MATCH (f:PostureFinding {key: 'gone-finding'}) RETURN f`)).toEqual([]);

    const batched = await twinState();
    expect((await resolveNow(graph)).removed).toEqual([]);
    expect(await refreshPostureFacts(graph)).toMatchObject({ accountsWritten: 0, peopleWritten: 0, findingsWritten: 0, findingsDeleted: 0 });
    expect(await twinState()).toEqual(batched);
    await expectMaterialisedEqualsOracle(graph, 30, new Date());
  });
});
