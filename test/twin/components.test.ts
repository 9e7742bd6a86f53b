import { describe, expect, it } from 'vitest';
import { resolveComponents } from '../../src/twin/components.js';
import { joinKeys, type AccountIdentity } from '../../src/twin/identity-keys.js';
import { assignPersonIds } from '../../src/twin/person-ids.js';
import { personFacts } from '../../src/twin/person-facts.js';
import { DisjointSets } from '../../src/twin/union-find.js';

function acct(key: string, over: Partial<AccountIdentity> = {}): AccountIdentity {
  return {
    key,
    source: key.startsWith('okta:') ? 'OKTA' : 'ENTRA_ID',
    externalId: key.split(':').pop() ?? key,
    loginNorm: null,
    emailNorm: null,
    immutableId: null,
    o365ImmutableId: null,
    displayName: null,
    login: null,
    email: null,
    active: true,
    userType: 'Member',
    lastSignInAt: null,
    personId: null,
    matchedBy: null,
    ...over,
  };
}

const noOverrides = { links: [], unlinked: new Set<string>() };
const keysOf = (accounts: AccountIdentity[], members: number[]) => members.map((i) => accounts[i]?.key);

describe('DisjointSets', () => {
  it('joins transitively and lists groups by smallest member', () => {
    const s = new DisjointSets(6);
    s.union(4, 1);
    s.union(1, 5);
    s.union(2, 3);
    expect(s.groups()).toEqual([[0], [1, 4, 5], [2, 3]]);
  });
});

describe('joinKeys', () => {
  it('ignores #EXT# guest UPNs and namespaces immutable ids', () => {
    const guest = acct('entra:t:g', { loginNorm: null, login: 'bob_partner.com#EXT#@acme.onmicrosoft.com', emailNorm: 'bob@partner.com' });
    expect(joinKeys(guest)).toEqual([{ value: 'n:bob@partner.com', role: 'email' }]);
    const e = acct('entra:t:e', { loginNorm: 'a@x.com', immutableId: 'AbC==' });
    expect(joinKeys(e).map((k) => k.value)).toEqual(['n:a@x.com', 'i:AbC==', 'u:AbC==']);
    const o = acct('okta:o:00u1', { loginNorm: 'a@x.com', emailNorm: 'a@x.com', o365ImmutableId: 'AbC==' });
    expect(joinKeys(o).map((k) => k.value)).toEqual(['n:a@x.com', 'i:AbC==', 'u:00u1']);
  });
});

describe('resolveComponents', () => {
  it('joins on shared identifiers transitively, never on #EXT# UPNs, and says how', () => {
    const accounts = [
      acct('entra:t:1', { loginNorm: 'alice@acme.com', emailNorm: 'alice.smith@acme.com' }),
      acct('okta:o:1', { loginNorm: 'alice.smith@acme.com', emailNorm: 'alice.smith@acme.com' }),
      acct('okta:o:2', { loginNorm: 'alice@acme.com', emailNorm: 'asmith@home.net' }),
      acct('entra:t:3', { loginNorm: null, login: 'asmith_home.net#EXT#@acme.onmicrosoft.com', emailNorm: 'asmith@home.net' }),
      acct('entra:t:4', { loginNorm: null, login: 'zed_home.net#EXT#@acme.onmicrosoft.com', emailNorm: 'zed@home.net' }),
      acct('okta:o:5', { loginNorm: 'zed_home.net#ext#@acme.onmicrosoft.com' }),
    ];
    const comps = resolveComponents(accounts, noOverrides);
    expect(comps.map((c) => keysOf(accounts, c.members))).toEqual([
      ['entra:t:1', 'okta:o:1', 'okta:o:2', 'entra:t:3'],
      ['entra:t:4'],
      ['okta:o:5'],
    ]);
    expect(comps[0]?.matchedBy).toEqual(['upn=login', 'email', 'upn=login', 'email']);
    expect(comps[0]?.confidence).toBe('INFERRED');
    expect(comps[1]).toMatchObject({ matchedBy: ['self'], confidence: 'VERIFIED' });
  });

  it('joins on immutable ids exactly (case-sensitive), including Entra immutableId = Okta user id', () => {
    const accounts = [
      acct('entra:t:1', { loginNorm: 'a@corp.com', immutableId: 'QUJD' }),
      acct('okta:o:00ua', { loginNorm: 'a@okta-login.com', o365ImmutableId: 'QUJD' }),
      acct('okta:o:00ub', { loginNorm: 'b@okta-login.com', o365ImmutableId: 'qujd' }),
      acct('entra:t:2', { loginNorm: 'c@corp.com', immutableId: '00uc' }),
      acct('okta:o:00uc', { loginNorm: 'c@elsewhere.com' }),
    ];
    const comps = resolveComponents(accounts, noOverrides);
    expect(comps.map((c) => keysOf(accounts, c.members))).toEqual([
      ['entra:t:1', 'okta:o:00ua'],
      ['okta:o:00ub'],
      ['entra:t:2', 'okta:o:00uc'],
    ]);
    expect(comps[0]?.matchedBy).toEqual(['immutableId', 'immutableId']);
    expect(comps[2]?.matchedBy).toEqual(['immutableId', 'immutableId']);
  });

  it('lets overrides win: unlinked accounts join nothing, linked accounts join whatever they share', () => {
    const accounts = [
      acct('entra:t:1', { loginNorm: 'a@x.com' }),
      acct('okta:o:1', { loginNorm: 'a@x.com' }),
      acct('okta:o:2', { loginNorm: 'other@y.com' }),
      acct('entra:t:2', { loginNorm: 'b@x.com' }),
      acct('okta:o:3', { loginNorm: 'b@x.com' }),
    ];
    const comps = resolveComponents(accounts, {
      links: [['entra:t:1', 'okta:o:2', 'entra:t:gone']],
      unlinked: new Set(['okta:o:1', 'entra:t:1']),
    });
    // entra:t:1 is linked, so its old unlink is void; okta:o:1 is forced out.
    expect(comps.map((c) => keysOf(accounts, c.members))).toEqual([['entra:t:1', 'okta:o:2'], ['okta:o:1'], ['entra:t:2', 'okta:o:3']]);
    expect(comps[0]).toMatchObject({ matchedBy: ['manual', 'manual'], confidence: 'VERIFIED' });
    expect(comps[1]).toMatchObject({ forcedOut: 1, confidence: 'VERIFIED' });
  });

  it('is INFERRED when the machine joined more accounts to a linked pair', () => {
    const accounts = [acct('entra:t:1', { loginNorm: 'a@x.com' }), acct('okta:o:1'), acct('okta:o:2', { emailNorm: 'a@x.com' })];
    const [c] = resolveComponents(accounts, { links: [['entra:t:1', 'okta:o:1']], unlinked: new Set() });
    expect(c).toMatchObject({ members: [0, 1, 2], matchedBy: ['manual', 'manual', 'email'], confidence: 'INFERRED' });
  });
});

describe('assignPersonIds', () => {
  const ids = (...names: string[]) => {
    let i = 0;
    return () => names[i++] ?? `new-${i}`;
  };

  it('keeps the older id on merge and gives new components new ids', () => {
    const created = new Map([
      ['p-old', '2024-01-01T00:00:00.000Z'],
      ['p-new', '2025-01-01T00:00:00.000Z'],
    ]);
    const out = assignPersonIds(
      [
        { accountKeys: ['a', 'b', 'c'], previousIds: ['p-new', 'p-new', 'p-old'], forcedOut: 0 },
        { accountKeys: ['d'], previousIds: [null], forcedOut: 0 },
      ],
      created,
      ids('fresh'),
    );
    expect(out).toEqual([
      { id: 'p-old', isNew: false },
      { id: 'fresh', isNew: true },
    ]);
  });

  it('gives a split person id to the part with most accounts, and ties to the part not forced out', () => {
    const out = assignPersonIds(
      [
        { accountKeys: ['a'], previousIds: ['p'], forcedOut: 0 },
        { accountKeys: ['b', 'c'], previousIds: ['p', 'p'], forcedOut: 0 },
      ],
      new Map(),
      ids('n1'),
    );
    expect(out.map((o) => o.id)).toEqual(['n1', 'p']);
    const tie = assignPersonIds(
      [
        { accountKeys: ['a'], previousIds: ['p'], forcedOut: 1 },
        { accountKeys: ['b'], previousIds: ['p'], forcedOut: 0 },
      ],
      new Map(),
      ids('n1'),
    );
    expect(tie.map((o) => o.id)).toEqual(['n1', 'p']);
  });

  it('lets a person that lost a merge keep the id on its remaining part', () => {
    // p (newer) splits: 2 accounts merge into q's component, 1 stays alone.
    const out = assignPersonIds(
      [
        { accountKeys: ['a', 'b', 'x'], previousIds: ['p', 'p', 'q'], forcedOut: 0 },
        { accountKeys: ['c'], previousIds: ['p'], forcedOut: 0 },
      ],
      new Map([
        ['q', '2024-01-01T00:00:00.000Z'],
        ['p', '2024-06-01T00:00:00.000Z'],
      ]),
      ids('n1'),
    );
    expect(out.map((o) => o.id)).toEqual(['q', 'p']);
  });
});

describe('personFacts', () => {
  it('prefers an active Entra member name and collects emails, activity and search text', () => {
    const f = personFacts(
      [
        acct('okta:o:1', { displayName: 'Al Smith', login: 'ASmith', loginNorm: 'asmith', email: 'Al@Acme.com', emailNorm: 'al@acme.com', lastSignInAt: '2025-03-01T00:00:00.000Z' }),
        acct('entra:t:1', { displayName: 'Alice Smith', login: 'alice@acme.com', loginNorm: 'alice@acme.com', lastSignInAt: '2025-02-01T00:00:00.000Z' }),
        acct('entra:t:2', { displayName: 'Guest Alice', userType: 'Guest', active: false, login: 'al_acme.com#EXT#@t.onmicrosoft.com', email: 'al@acme.com', emailNorm: 'al@acme.com' }),
      ],
      'INFERRED',
    );
    expect(f).toMatchObject({
      displayName: 'Alice Smith',
      sortName: 'alice smith',
      emails: ['al@acme.com', 'alice@acme.com'],
      confidence: 'INFERRED',
      lastActivityAt: '2025-03-01T00:00:00.000Z',
      accountCount: 3,
    });
    expect(f.searchText.split('\n')).toEqual(
      expect.arrayContaining(['al smith', 'asmith', 'alice smith', 'alice@acme.com', 'al_acme.com#ext#@t.onmicrosoft.com', 'al@acme.com']),
    );
  });
});
