import { describe, expect, it } from 'vitest';
import { groupTypeOf, membersUrl, transformEntraGroup, transformMember } from '../../../src/ingest/entra/groups.js';
import { transformRoleDefinition, transformRoleGrant } from '../../../src/ingest/entra/roles.js';
import { keys, TID } from './support.js';

describe('groups', () => {
  it.each([
    [{ groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false }, 'Microsoft365'],
    [{ groupTypes: ['Unified', 'DynamicMembership'], mailEnabled: true, securityEnabled: true }, 'Microsoft365'],
    [{ groupTypes: [], mailEnabled: false, securityEnabled: true }, 'Security'],
    [{ groupTypes: [], mailEnabled: true, securityEnabled: true }, 'MailEnabledSecurity'],
    [{ groupTypes: [], mailEnabled: true, securityEnabled: false }, 'Distribution'],
  ])('groupTypeOf(%j) = %s', (g, type) => {
    expect(groupTypeOf(g)).toBe(type);
  });

  it('transforms a group with its flags', () => {
    const row = transformEntraGroup({ id: 'G1', displayName: 'Tier0', groupTypes: ['DynamicMembership'], securityEnabled: true, mailEnabled: false, isAssignableToRole: null }, keys);
    expect(row).toEqual({ key: `entra:${TID}:g1`, props: { externalId: 'G1', displayName: 'Tier0', groupType: 'Security', dynamic: true, isAssignableToRole: false } });
  });

  it('links users, nested groups and service principals; skips devices and contacts', () => {
    expect(transformMember({ '@odata.type': '#microsoft.graph.user', id: 'U1' }, 'G1', keys)).toEqual({
      kind: 'user', from: `entra:${TID}:u1`, memberId: 'U1', to: `entra:${TID}:g1`,
    });
    expect(transformMember({ '@odata.type': '#microsoft.graph.group', id: 'G2' }, 'G1', keys)?.from).toBe(`entra:${TID}:g2`);
    expect(transformMember({ '@odata.type': '#microsoft.graph.servicePrincipal', id: 'S1' }, 'G1', keys)?.from).toBe(`entra:${TID}:sp:s1`);
    expect(transformMember({ '@odata.type': '#microsoft.graph.device', id: 'D1' }, 'G1', keys)).toBeNull();
    expect(transformMember({ id: 'X' }, 'G1', keys)).toBeNull();
  });

  it('lists direct members with the largest page', () => {
    expect(membersUrl('g1')).toBe('/groups/g1/members?$select=id&$top=999');
  });
});

describe('roles', () => {
  const GA = '62e90394-69f5-4237-9190-012177145e10';
  const READER = 'f2ef992c-3afb-46b9-b7cf-a126ee74c451';

  it('keys roles by template id with the vocabulary classes', () => {
    expect(transformRoleDefinition({ id: GA, templateId: GA, displayName: 'Global Administrator', isBuiltIn: true }, keys)).toEqual({
      key: `entra:${TID}:role:${GA}`,
      props: { roleKey: GA, name: 'Global Administrator', tier0: true, privileged: true, definitionId: GA, isBuiltIn: true },
    });
    expect(transformRoleDefinition({ id: READER, templateId: READER, displayName: 'Global Reader' }, keys).props).toMatchObject({ tier0: false, privileged: false });
    // A custom role without a template id is keyed by its id.
    expect(transformRoleDefinition({ id: 'CUSTOM-1', templateId: null, displayName: 'Helpdesk Lite', isBuiltIn: false }, keys).props).toMatchObject({
      roleKey: 'custom-1', privileged: true, isBuiltIn: false,
    });
  });

  it('turns an assignment into an edge from its principal', () => {
    const templateIds = new Map([['def-1', GA]]);
    const user = transformRoleGrant(
      { id: 'A1', principalId: 'u1', roleDefinitionId: 'DEF-1', directoryScopeId: '/administrativeUnits/au1', principal: { '@odata.type': '#microsoft.graph.user', id: 'u1' } },
      'active', templateIds, keys,
    );
    expect(user).toMatchObject({ kind: 'user', principal: `entra:${TID}:u1`, role: `entra:${TID}:role:${GA}`, assignment: 'active', scope: '/administrativeUnits/au1', assignmentId: 'A1' });
    const sp = transformRoleGrant(
      { id: 'A2', principalId: 's1', roleDefinitionId: GA, principal: { '@odata.type': '#microsoft.graph.servicePrincipal', id: 's1', appId: 'app-1', displayName: 'Bot' } },
      'eligible', templateIds, keys,
    );
    expect(sp).toMatchObject({ kind: 'servicePrincipal', principal: `entra:${TID}:sp:s1`, appId: 'app-1', scope: '/', assignment: 'eligible' });
  });

  it('skips assignments whose principal is gone', () => {
    expect(transformRoleGrant({ id: 'A3', principalId: 'u9', roleDefinitionId: GA, principal: null }, 'active', new Map(), keys)).toBeNull();
  });
});
