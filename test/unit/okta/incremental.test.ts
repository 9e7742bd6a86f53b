/**
 * The pure parts of Okta's incremental read: what System Log events say changed, the pages of changes as
 * rows per model write, and Okta's clock from the Date header.
 */
import { describe, expect, it } from 'vitest';
import { emptyLogChanges, noteLogEvent } from '../../../src/ingest/okta/change-feed.js';
import { transformGroupsPage } from '../../../src/ingest/okta/groups.js';
import { oktaKeys } from '../../../src/ingest/okta/keys.js';
import { ServerClock } from '../../../src/ingest/okta/server-clock.js';
import { transformUsersPage } from '../../../src/ingest/okta/users.js';
import type { HttpResponse } from '../../../src/ingest/http.js';
import type { JsonObject } from '../../../src/ingest/okta/wire.js';

const keys = oktaKeys('https://acme-corp.okta.com');
const j = (v: unknown): JsonObject => v as JsonObject;
const user = (id: string) => ({ id, type: 'User', alternateId: `${id}@acme-corp.com`, displayName: id });

describe('System Log events as changes', () => {
  it('reads deletions, factor changes, the latest successful sign-in and deleted groups from targets and actors', () => {
    const changes = emptyLogChanges();
    const events = [
      { eventType: 'user.lifecycle.delete.initiated', actor: user('admin'), target: [user('00u1')] },
      { eventType: 'user.lifecycle.delete.completed', actor: { id: 'sys', type: 'SystemPrincipal' }, target: [user('00u1')] },
      { eventType: 'user.mfa.factor.reset_all', actor: user('admin'), target: [user('00u2')] },
      // Self-service: only the actor names the user.
      { eventType: 'user.mfa.factor.activate', actor: user('00u3'), target: [] },
      { eventType: 'user.session.start', published: '2026-06-01T08:00:00.000Z', actor: user('00u4'), outcome: { result: 'SUCCESS' } },
      { eventType: 'user.session.start', published: '2026-06-01T09:00:00.000Z', actor: user('00u4'), outcome: { result: 'SUCCESS' } },
      { eventType: 'user.session.start', published: '2026-06-01T07:00:00.000Z', actor: user('00u4'), outcome: { result: 'SUCCESS' } },
      { eventType: 'user.session.start', published: '2026-06-01T10:00:00.000Z', actor: user('00u4'), outcome: { result: 'FAILURE' } },
      { eventType: 'group.lifecycle.delete', actor: user('admin'), target: [{ id: '00g1', type: 'UserGroup' }] },
      { eventType: 'user.account.update_profile', actor: user('admin'), target: [user('00u9')] },
    ];
    for (const e of events) noteLogEvent(changes, j(e));
    expect([...changes.deletedUsers]).toEqual(['00u1']);
    expect([...changes.factorUsers]).toEqual(['00u2', '00u3']);
    expect([...changes.signIns]).toEqual([['00u4', '2026-06-01T09:00:00.000Z']]);
    expect([...changes.deletedGroups]).toEqual(['00g1']);
  });
});

describe('pages of changes as rows', () => {
  it('users read incrementally have their other factors pruned; read whole they do not', () => {
    const users = [{ user: j({ id: '00u1', status: 'ACTIVE', profile: {} }), factors: [j({ id: 'f1', factorType: 'push', status: 'ACTIVE' })] }];
    expect(transformUsersPage({ kind: 'users', users, replaceFactors: true }, keys).staleFactors).toEqual([{ key: keys.user('00u1') }]);
    expect(transformUsersPage({ kind: 'users', users, replaceFactors: false }, keys).staleFactors).toBeUndefined();
  });

  it('factors alone update the MFA summary and replace the factors, without touching the user', () => {
    const rows = transformUsersPage({ kind: 'factors', users: [{ id: '00u2', factors: [j({ id: 'f2', factorType: 'webauthn', status: 'ACTIVE' })] }, { id: '00u3', factors: [] }] }, keys);
    expect(rows.users).toBeUndefined();
    expect(rows.mfa).toEqual([
      { key: keys.user('00u2'), props: { mfaRegistered: true, mfaMethods: ['FIDO2'] } },
      { key: keys.user('00u3'), props: { mfaRegistered: false, mfaMethods: [] } },
    ]);
    expect(rows.hasFactor).toEqual([{ from: keys.user('00u2'), to: keys.factor('00u2', 'f2'), props: {} }]);
    expect(rows.staleFactors).toEqual([{ key: keys.user('00u2') }, { key: keys.user('00u3') }]);
  });

  it('sign-ins set lastSignInAt; deleted users go with their factors', () => {
    expect(transformUsersPage({ kind: 'signIns', signIns: [{ id: '00u4', at: '2026-06-01T09:00:00.000Z' }] }, keys).signIns).toEqual([
      { key: keys.user('00u4'), props: { lastSignInAt: '2026-06-01T09:00:00.000Z' } },
    ]);
    expect(transformUsersPage({ kind: 'deleted', ids: ['00u1'] }, keys)).toEqual({ staleFactors: [{ key: keys.user('00u1') }], deletedUsers: [{ key: keys.user('00u1') }] });
  });

  it('groups read incrementally prune the edges their listing no longer has, unless the listing failed', () => {
    const rows = transformGroupsPage({
      kind: 'groups',
      replaceMembers: true,
      groups: [
        { group: j({ id: '00g1', profile: { name: 'A' } }), memberIds: ['00u1'] },
        { group: j({ id: '00g2', profile: { name: 'B' } }), memberIds: null },
      ],
    }, keys);
    expect(rows.staleMembers).toEqual([{ key: keys.group('00g1') }]);
    expect(transformGroupsPage({ kind: 'deleted', ids: ['00g3'] }, keys)).toEqual({ deletedGroups: [{ key: keys.group('00g3') }] });
  });
});

describe("Okta's clock", () => {
  const response = (date: string | undefined): HttpResponse => ({
    status: 200,
    text: '[]',
    headers: date ? { date } : {},
    headerValues: () => [],
    json: <T>(): T => JSON.parse('[]') as T,
  });

  it('is ours until a Date header says otherwise, then ours moved to the end of the second Okta named', () => {
    let local = Date.parse('2026-06-01T12:00:00.000Z');
    const clock = new ServerClock(() => local);
    expect(clock.known).toBe(false);
    expect(clock.now()).toBe(local);
    clock.observe(response(undefined));
    expect(clock.known).toBe(false);
    clock.observe(response('Mon, 01 Jun 2026 10:00:00 GMT'));
    expect(clock.known).toBe(true);
    local += 60_000;
    expect(new Date(clock.now()).toISOString()).toBe('2026-06-01T10:01:01.000Z');
  });
});
