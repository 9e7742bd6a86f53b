import { describe, expect, it } from 'vitest';
import { TwinError } from '../../../src/errors.js';
import { GraphClient } from '../../../src/ingest/entra/client.js';
import { deltaRound, isDeltaStateLost, latestDeltaLink } from '../../../src/ingest/entra/delta.js';
import { graphError } from '../../../src/ingest/entra/errors.js';
import { deltaGroupRows } from '../../../src/ingest/entra/groups.js';
import { decodeUsersCursor, encodeUsersCursor, signInReads, signInsSince } from '../../../src/ingest/entra/users-changes.js';
import { deltaUserRows } from '../../../src/ingest/entra/users.js';
import { DEFAULT_RETRY, type HttpClient, type HttpRequest, type HttpResponse } from '../../../src/ingest/http.js';
import { keys, TID } from './support.js';

const ORIGIN = 'https://graph.example.test';

function client(answer: (url: string) => unknown): { graph: GraphClient; urls: string[] } {
  const urls: string[] = [];
  const http = {
    send: async (req: HttpRequest): Promise<HttpResponse> => {
      urls.push(req.url);
      const text = JSON.stringify(answer(req.url));
      return { status: 200, headers: {}, headerValues: () => [], text, json: <T>() => JSON.parse(text) as T };
    },
  } as unknown as HttpClient;
  const graph = new GraphClient({ http, graphEndpoint: ORIGIN, tokens: { token: async () => 't' }, retry: DEFAULT_RETRY, sleep: async () => undefined });
  return { graph, urls };
}

describe('delta rounds', () => {
  it('takes the latest deltaLink with $deltatoken=latest', async () => {
    const c = client(() => ({ value: [], '@odata.deltaLink': `${ORIGIN}/v1.0/users/delta?$deltatoken=abc` }));
    expect(await latestDeltaLink(c.graph, '/users/delta?$select=id', { bucket: 'b' })).toBe(`${ORIGIN}/v1.0/users/delta?$deltatoken=abc`);
    expect(c.urls).toEqual([`${ORIGIN}/v1.0/users/delta?$select=id&$deltatoken=latest`]);
  });

  it('follows nextLinks to the deltaLink, and refuses a round that ends without one', async () => {
    const start = `${ORIGIN}/v1.0/users/delta?$deltatoken=a`;
    const next = `${ORIGIN}/v1.0/users/delta?$skiptoken=b`;
    const c = client((url) => (url === start ? { value: [{ id: '1' }], '@odata.nextLink': next } : { value: [{ id: '2' }], '@odata.deltaLink': `${ORIGIN}/v1.0/users/delta?$deltatoken=c` }));
    const round = deltaRound<{ id: string }>(c.graph, start, { bucket: 'b' });
    const ids: string[] = [];
    for await (const page of round.pages) ids.push(...page.map((u) => u.id));
    expect(ids).toEqual(['1', '2']);
    expect(round.deltaLink()).toBe(`${ORIGIN}/v1.0/users/delta?$deltatoken=c`);

    const truncated = deltaRound(client(() => ({ value: [] })).graph, start, { bucket: 'b' });
    for await (const _ of truncated.pages) void _;
    expect(() => truncated.deltaLink()).toThrow(TwinError);
  });

  it('fails a round whose nextLink repeats a page (a cycle is never an end)', async () => {
    const start = `${ORIGIN}/v1.0/groups/delta?$deltatoken=a`;
    const c = client(() => ({ value: [], '@odata.nextLink': start }));
    const round = deltaRound(c.graph, start, { bucket: 'b' });
    await expect((async () => {
      for await (const _ of round.pages) void _;
    })()).rejects.toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
  });

  it('knows the answers meaning the deltaLink is gone', () => {
    expect(isDeltaStateLost(graphError(400, { error: { code: 'syncStateNotFound', message: 'expired' } }, 'GET /users/delta'))).toBe(true);
    expect(isDeltaStateLost(graphError(410, { error: { code: 'resyncRequired' } }, 'GET /groups/delta'))).toBe(true);
    expect(isDeltaStateLost(graphError(410, 'gone', 'GET /groups/delta'))).toBe(true);
    expect(isDeltaStateLost(graphError(400, { error: { code: 'Request_BadRequest' } }, 'GET /users/delta'))).toBe(false);
    expect(isDeltaStateLost(graphError(503, {}, 'GET /users/delta'))).toBe(false);
  });
});

describe('users delta rows and cursor', () => {
  it('upserts changed users and deletes removed ones, soft-deleted or not', () => {
    const rows = deltaUserRows(
      [
        { id: 'a', userPrincipalName: 'a@x.com', displayName: 'A', accountEnabled: false, userType: 'Guest' },
        { id: 'b', '@removed': { reason: 'changed' } },
        { id: 'c', '@removed': { reason: 'deleted' } },
      ],
      keys,
    );
    expect(rows.users?.map((r) => [r.key, r.props.status, r.props.userType, r.props.email])).toEqual([[`entra:${TID}:a`, 'Disabled', 'Guest', null]]);
    expect(rows.removed).toEqual([{ key: `entra:${TID}:b` }, { key: `entra:${TID}:c` }]);
  });

  it('round-trips the cursor and refuses one it cannot read', () => {
    const cursor = { delta: `${ORIGIN}/v1.0/users/delta?$deltatoken=x`, signInsFrom: '2026-01-02T03:04:05.000Z' };
    expect(decodeUsersCursor(encodeUsersCursor(cursor))).toEqual(cursor);
    expect(decodeUsersCursor(encodeUsersCursor({ ...cursor, signInsFrom: null }))).toEqual({ ...cursor, signInsFrom: null });
    expect(decodeUsersCursor('https://graph.microsoft.com/v1.0/users/delta?$deltatoken=x')).toBeUndefined();
    expect(decodeUsersCursor(JSON.stringify({ delta: 'x', signInsFrom: 'yesterday' }))).toBeUndefined();
  });

  it('reads sign-ins a day before the previous run, with the two filters, or everyone without a baseline', () => {
    expect(signInsSince('2026-01-02T03:04:05.000Z')).toBe('2026-01-01T03:04:05.000Z');
    const [interactive, nonInteractive] = signInReads('2026-01-01T03:04:05.000Z');
    expect(decodeURIComponent(interactive ?? '')).toBe('/users?$filter=signInActivity/lastSignInDateTime ge 2026-01-01T03:04:05.000Z&$select=id,signInActivity&$top=500');
    expect(decodeURIComponent(nonInteractive ?? '')).toContain('signInActivity/lastNonInteractiveSignInDateTime ge 2026-01-01T03:04:05.000Z');
    expect(signInReads(null)).toEqual(['/users?$select=id,signInActivity&$top=500']);
  });
});

describe('groups delta rows', () => {
  it('upserts groups, merges added members by kind, deletes removed members and groups', () => {
    const rows = deltaGroupRows(
      [
        {
          id: 'g1',
          displayName: 'G1',
          groupTypes: ['Unified'],
          'members@delta': [
            { '@odata.type': '#microsoft.graph.user', id: 'u1' },
            { '@odata.type': '#microsoft.graph.group', id: 'g2' },
            { '@odata.type': '#microsoft.graph.servicePrincipal', id: 's1', '@removed': { reason: 'deleted' } },
            { '@odata.type': '#microsoft.graph.user', id: 'u2', '@removed': { reason: 'deleted' } },
            { '@odata.type': '#microsoft.graph.device', id: 'd1' },
          ],
        },
        // A large membership's continuation: members only, no properties to overwrite.
        { id: 'g1', 'members@delta': [{ '@odata.type': '#microsoft.graph.user', id: 'u3' }] },
        { id: 'g3', '@removed': { reason: 'changed' } },
      ],
      keys,
    );
    const k = (id: string): string => `entra:${TID}:${id}`;
    expect(rows.groups?.map((r) => [r.key, r.props.groupType])).toEqual([[k('g1'), 'Microsoft365']]);
    expect(rows.userMembers?.map((r) => r.from)).toEqual([k('u1'), k('u3')]);
    expect(rows.groupMembers).toEqual([{ from: k('g2'), to: k('g1'), props: {}, placeholder: { externalId: 'g2' } }]);
    expect(rows.servicePrincipalMembersRemoved).toEqual([{ from: `entra:${TID}:sp:s1`, to: k('g1') }]);
    expect(rows.userMembersRemoved).toEqual([{ from: k('u2'), to: k('g1') }]);
    expect(rows.removedGroups).toEqual([{ key: k('g3') }]);
  });
});
