import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../../src/neo4j/driver.js';
import { enrichAfterSync } from '../../src/twin/enrich.js';
import { postureHistory, recordPostureSnapshot } from '../../src/twin/snapshots.js';
import { testGraph } from '../support/neo4j.js';
import { GA, entraKey, entraRoleKey, seedEntraRoles, seedEntraUsers, seedOktaUsers, seedRoleAssignments } from './seed.js';

let graph: Graph;

beforeAll(async () => {
  graph = await testGraph();
  await seedEntraUsers(graph, [
    { id: 'a', upn: 'a@acme.com', mfaRegistered: true, mfaMethods: ['FIDO2'], lastSignInAt: new Date().toISOString() },
    { id: 'b', upn: 'b@acme.com' },
  ]);
  await seedOktaUsers(graph, [
    { id: '00ua', login: 'a@acme.com' },
    { id: '00uc', login: 'c@acme.com', mfaRegistered: true, mfaMethods: ['AUTHENTICATOR_APP'] },
  ]);
  await seedEntraRoles(graph, [{ templateId: GA, name: 'Global Administrator' }]);
  await seedRoleAssignments(graph, [{ holder: entraKey('a'), role: entraRoleKey(GA) }]);
});

afterAll(async () => {
  await graph?.close();
});

describe('posture snapshots', () => {
  it('resolves identities and records the posture after a sync', async () => {
    const { resolution, snapshot } = await enrichAfterSync(graph);
    expect(resolution).toEqual({ people: 3, accounts: 4 });
    expect(snapshot).toMatchObject({
      people: 3,
      accountsEntra: 2,
      accountsOkta: 2,
      activeEntra: 2,
      activeOkta: 2,
      mfaRatioEntra: 0.5,
      mfaRatioOkta: 0.5,
      globalAdmins: 1,
      privilegedAccounts: 1,
      accountsWithoutMfaEnforcement: 2,
      staleAccounts: 3,
      inBoth: 1,
      peopleOnlyInEntra: 1,
      peopleOnlyInOkta: 1,
      // b: no MFA anywhere; a: MFA only in Entra. a has FIDO2 and GA only in Entra: mismatch.
      mfaGaps: 2,
      roleConflicts: 1,
    });
  });

  it('returns history newest first, limited', async () => {
    await recordPostureSnapshot(graph, new Date('2030-01-01T00:00:00.000Z'));
    await recordPostureSnapshot(graph, new Date('2030-01-02T00:00:00.000Z'));
    const history = await postureHistory(graph, 2);
    expect(history.map((h) => h.asOf)).toEqual(['2030-01-02T00:00:00.000Z', '2030-01-01T00:00:00.000Z']);
    expect(history[0]).toMatchObject({ people: 3, globalAdmins: 1, inBoth: 1 });
    expect(await postureHistory(graph, 10)).toHaveLength(3);
    await expect(postureHistory(graph, 0)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
