import { describe, expect, it } from 'vitest';
import { oktaKeys } from '../../../src/ingest/okta/keys.js';
import { transformUsers } from '../../../src/ingest/okta/users.js';
import { transformGroups } from '../../../src/ingest/okta/groups.js';
import { transformRoles } from '../../../src/ingest/okta/roles.js';
import { transformAppsPage } from '../../../src/ingest/okta/apps.js';
import { retentionDays, transformLogs } from '../../../src/ingest/okta/logs.js';
import type { JsonObject } from '../../../src/ingest/okta/wire.js';

const keys = oktaKeys('https://acme-corp.okta.com');
const j = (v: unknown): JsonObject => v as JsonObject;

describe('resource transforms (page → rows per model write)', () => {
  it('users: one OktaUser per user, its factors and their HAS_FACTOR edges', () => {
    const rows = transformUsers([
      { user: j({ id: '00u1', status: 'ACTIVE', profile: {} }), factors: [j({ id: 'f1', factorType: 'push', status: 'ACTIVE' })] },
      { user: j({ id: '00u2', status: 'ACTIVE', profile: {} }), factors: [] },
    ], keys);
    expect(rows.users?.map((u) => [u.key, u.props.mfaRegistered])).toEqual([[keys.user('00u1'), true], [keys.user('00u2'), false]]);
    expect(rows.factors?.map((f) => f.key)).toEqual([keys.factor('00u1', 'f1')]);
    expect(rows.hasFactor).toEqual([{ from: keys.user('00u1'), to: keys.factor('00u1', 'f1'), props: {} }]);
  });

  it('groups: memberships, and a member count only where the stats gave none and the members were read', () => {
    const rows = transformGroups([
      { group: j({ id: '00g1', profile: { name: 'A' }, _embedded: { stats: { usersCount: 9 } } }), memberIds: ['00u1'] },
      { group: j({ id: '00g2', profile: { name: 'B' } }), memberIds: ['00u1', '00u2'] },
      { group: j({ id: '00g3', profile: { name: 'C' } }), memberIds: null },
    ], keys);
    expect(rows.groups).toHaveLength(3);
    expect(rows.memberCounts).toEqual([{ key: keys.group('00g2'), props: { memberCount: 2 } }]);
    expect(rows.members?.map((m) => [m.from, m.to])).toEqual([
      [keys.user('00u1'), keys.group('00g1')],
      [keys.user('00u1'), keys.group('00g2')],
      [keys.user('00u2'), keys.group('00g2')],
    ]);
  });

  it('roles: one node per role, edges on the user or group they were assigned to', () => {
    const admin = j({ id: 'ra1', label: 'Org Admin', type: 'ORG_ADMIN', status: 'ACTIVE', assignmentType: 'USER' });
    const rows = transformRoles([
      { principal: { kind: 'user', id: '00u1' }, assignments: [admin] },
      { principal: { kind: 'group', id: '00g1' }, assignments: [j({ ...admin, id: 'ra2', assignmentType: 'GROUP' })] },
    ], keys);
    expect(rows.roles?.map((r) => r.key)).toEqual([keys.role('ORG_ADMIN')]);
    expect(rows.userRoles).toEqual([{ from: keys.user('00u1'), to: keys.role('ORG_ADMIN'), props: { assignmentId: 'ra1', assignment: 'active', scope: 'org' } }]);
    expect(rows.groupRoles?.map((r) => [r.from, r.props.assignmentId])).toEqual([[keys.group('00g1'), 'ra2']]);
  });

  it('apps: assignments, and the o365 facet from Office 365 app users only', () => {
    const appKey = keys.app('0oa3');
    const users = [j({ id: '00u1', scope: 'GROUP', credentials: { userName: 'm@acme-corp.com' }, profile: { immutableId: 'X==' } })];
    const o365 = transformAppsPage({ kind: 'users', appKey, office365: true, users }, keys);
    expect(o365.userAssignments).toEqual([{ from: keys.user('00u1'), to: appKey, props: { scope: 'GROUP' } }]);
    expect(o365.o365).toEqual([{ key: keys.user('00u1'), props: { o365UserName: 'm@acme-corp.com', o365ImmutableId: 'X==' } }]);
    expect(transformAppsPage({ kind: 'users', appKey, office365: false, users }, keys).o365).toEqual([]);
    expect(transformAppsPage({ kind: 'groups', appKey, groups: [j({ id: '00g1' }), j({})] }, keys).groupAssignments).toEqual([
      { from: keys.group('00g1'), to: appKey, props: { scope: 'GROUP' } },
    ]);
  });

  it('logs: INVOLVES only when the actor is a user', () => {
    const base = { published: '2026-06-01T06:12:44.517Z', eventType: 'security.threat.detected' };
    const rows = transformLogs([
      j({ ...base, uuid: 'e1', actor: { id: '00u1', type: 'User' } }),
      j({ ...base, uuid: 'e2', actor: { id: 'x', type: 'SystemPrincipal' } }),
      j({ uuid: 'e3', eventType: 'user.session.start' }),
    ], keys);
    expect(rows.events?.map((e) => e.key)).toEqual([keys.logEvent('e1'), keys.logEvent('e2')]);
    expect(rows.involves).toEqual([{ from: keys.logEvent('e1'), to: keys.user('00u1'), props: {} }]);
  });

  it('logs: events are kept 30 days, or the window asked for when longer (whole days, clamped to 90)', () => {
    expect(retentionDays(1)).toBe(30);
    expect(retentionDays(24 * 30)).toBe(30);
    expect(retentionDays(24 * 30 + 1)).toBe(31);
    expect(retentionDays(24 * 200)).toBe(90);
  });
});
