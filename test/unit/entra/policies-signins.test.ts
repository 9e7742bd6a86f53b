import { describe, expect, it } from 'vitest';
import { policyEdgeWrite, policyStateOf, transformEntraPolicy } from '../../../src/ingest/entra/policies.js';
import { deviceOf, locationOf, signInsUrl, transformSignIn } from '../../../src/ingest/entra/sign-ins.js';
import { keys, TID } from './support.js';

const GA = '62e90394-69f5-4237-9190-012177145e10';
const U1 = 'c0a1e5f0-1b2d-4e3f-8a9b-000000000001';
const G1 = '9f0a6b1c-2d3e-4f5a-9b8c-000000000007';

describe('conditional access policies', () => {
  it('maps the three states', () => {
    expect(policyStateOf('enabled')).toBe('ENABLED');
    expect(policyStateOf('enabledForReportingButNotEnforced')).toBe('REPORT_ONLY');
    expect(policyStateOf('disabled')).toBe('DISABLED');
  });

  it('turns All into a flag and object ids into edges', () => {
    const { row, edges } = transformEntraPolicy(
      {
        id: 'P1',
        displayName: 'Require MFA',
        state: 'enabled',
        conditions: {
          users: { includeUsers: ['All'], excludeUsers: [U1], includeGroups: [], excludeGroups: [G1], includeRoles: [GA], excludeRoles: [] },
          applications: { includeApplications: ['All'] },
          clientAppTypes: ['all'],
          signInRiskLevels: [],
          userRiskLevels: [],
        },
        grantControls: { operator: 'OR', builtInControls: ['mfa'] },
      },
      keys,
    );
    expect(row.props).toMatchObject({
      state: 'ENABLED', grantControls: ['mfa'], requiresMfa: true, blocks: false, includeAllUsers: true, includeAllApps: true,
      hasRiskCondition: false, clientAppTypes: ['all'], includeUsers: ['All'], excludeUsers: [U1], excludeGroups: [G1], includeRoles: [GA],
    });
    expect(edges).toEqual([
      { policy: `entra:${TID}:ca:p1`, target: `entra:${TID}:${U1}`, label: 'Account', rel: 'EXCLUDES' },
      { policy: `entra:${TID}:ca:p1`, target: `entra:${TID}:${G1}`, label: 'Group', rel: 'EXCLUDES' },
      { policy: `entra:${TID}:ca:p1`, target: `entra:${TID}:role:${GA}`, label: 'Role', rel: 'INCLUDES' },
    ]);
  });

  it('counts an authentication strength as MFA and lists it in grant controls; risk levels are a risk condition', () => {
    const { row } = transformEntraPolicy(
      {
        id: 'P2',
        state: 'enabledForReportingButNotEnforced',
        conditions: { users: { includeUsers: ['None'] }, signInRiskLevels: ['high'], clientAppTypes: ['exchangeActiveSync', 'other'] },
        grantControls: { operator: 'AND', builtInControls: ['block'], authenticationStrength: { id: '00000000-0000-0000-0000-000000000004', displayName: 'Phishing-resistant MFA' } },
      },
      keys,
    );
    expect(row.props).toMatchObject({
      displayName: 'P2', state: 'REPORT_ONLY', grantControls: ['block', 'authenticationStrength'], requiresMfa: true, blocks: true,
      includeAllUsers: false, includeAllApps: false, hasRiskCondition: true, authenticationStrength: 'Phishing-resistant MFA',
    });
  });

  it('tolerates null conditions and grant controls', () => {
    const { row, edges } = transformEntraPolicy({ id: 'P3', displayName: 'Session only', state: 'disabled', conditions: null, grantControls: null }, keys);
    expect(row.props).toMatchObject({ grantControls: [], requiresMfa: false, blocks: false, clientAppTypes: [] });
    expect(edges).toEqual([]);
  });

  it('writes edges of one relationship type to one label', () => {
    expect(policyEdgeWrite('EXCLUDES', 'Account').cypher).toContain('MERGE (a)-[r:EXCLUDES]->(b)');
    expect(policyEdgeWrite('EXCLUDES', 'Account').cypher).toContain('b:EntraUser');
  });
});

describe('sign-ins', () => {
  const base = {
    id: 'E1',
    createdDateTime: '2025-03-04T08:15:22.1234567Z',
    userId: U1,
    userPrincipalName: 'alice@acme-corp.com',
    appDisplayName: 'Office 365 Exchange Online',
    ipAddress: '203.0.113.47',
    riskLevelAggregated: 'none',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    riskEventTypes_v2: [] as string[],
    location: { city: 'Leeds', state: 'England', countryOrRegion: 'GB' },
    deviceDetail: { operatingSystem: 'Windows10', browser: 'Edge 122.0.0' },
  };

  it('keeps only sign-ins with a low, medium or high risk level, at the highest level', () => {
    expect(transformSignIn(base, keys)).toBeNull();
    expect(transformSignIn({ ...base, riskLevelDuringSignIn: 'hidden', riskLevelAggregated: 'hidden' }, keys)).toBeNull();
    expect(transformSignIn({ ...base, riskLevelDuringSignIn: 'low', riskLevelAggregated: 'high' }, keys)?.props.severity).toBe('HIGH');
    expect(transformSignIn({ ...base, riskLevelDuringSignIn: 'none', riskLevelAggregated: 'medium' }, keys)?.props.severity).toBe('MEDIUM');
  });

  it('builds the event', () => {
    const row = transformSignIn({ ...base, riskLevelDuringSignIn: 'high', riskState: 'atRisk', riskEventTypes_v2: ['anonymizedIPAddress', 'unlikelyTravel'] }, keys);
    expect(row).toMatchObject({
      key: `entra:${TID}:signin:e1`,
      account: `entra:${TID}:${U1}`,
      props: {
        externalId: 'E1', severity: 'HIGH', occurredAt: '2025-03-04T08:15:22.123Z', kind: 'anonymizedIPAddress, unlikelyTravel',
        ipAddress: '203.0.113.47', location: 'Leeds, England, GB', device: 'Windows10, Edge 122.0.0', riskState: 'atRisk',
        app: 'Office 365 Exchange Online',
      },
    });
    expect(transformSignIn({ ...base, riskLevelDuringSignIn: 'low' }, keys)?.props.kind).toBe('riskySignIn');
  });

  it('joins only the non-empty location and device parts', () => {
    expect(locationOf({ city: '', state: null, countryOrRegion: 'NL' })).toBe('NL');
    expect(locationOf(null)).toBeNull();
    expect(deviceOf({ operatingSystem: 'Ios', browser: '' })).toBe('Ios');
    expect(deviceOf({ operatingSystem: '', browser: '' })).toBeNull();
  });

  it('filters on createdDateTime without quotes, with the largest page', () => {
    const url = signInsUrl(new Date('2025-03-01T10:20:30.456Z'));
    expect(decodeURIComponent(url)).toBe('/auditLogs/signIns?$filter=createdDateTime ge 2025-03-01T10:20:30Z&$top=1000');
  });
});
