import { describe, expect, it } from 'vitest';
import { oktaKeys } from '../../../src/ingest/okta/keys.js';
import { eventDevice, eventLocation, eventSeverity, legacyRiskLevel, securityDataRiskLevel, transformLogEvent } from '../../../src/ingest/okta/logs.js';
import { enrollmentRequiresSecondFactor, policyEnforcesMfa, summarizeRule, transformOktaPolicy } from '../../../src/ingest/okta/policies.js';
import type { JsonObject } from '../../../src/ingest/okta/wire.js';

const keys = oktaKeys('https://acme-corp.okta.com');
const j = (v: unknown): JsonObject => v as JsonObject;

describe('risk parsing', () => {
  it('reads the legacy string form, whose reasons hold commas', () => {
    expect(legacyRiskLevel('{reasons=Anomalous Location, Anomalous Device, level=HIGH}')).toBe('HIGH');
    expect(legacyRiskLevel('{level=medium, reasons=New Device, level=Low}')).toBe('MEDIUM');
    expect(legacyRiskLevel('{reasons=none}')).toBeNull();
    expect(legacyRiskLevel('{reasons=x, level=NONE}')).toBeNull();
    expect(legacyRiskLevel(undefined)).toBeNull();
  });

  it('reads logOnlySecurityData JSON, and leniently when it is broken', () => {
    expect(securityDataRiskLevel('{"risk":{"reasons":"Anomalous Device, New IP","level":"MEDIUM"},"behaviors":{}}')).toBe('MEDIUM');
    expect(securityDataRiskLevel('{"risk":"{reasons=x, level=LOW}"}')).toBe('LOW');
    expect(securityDataRiskLevel('{"risk":{"level":"HIGH"')).toBe('HIGH');
    expect(securityDataRiskLevel('{}')).toBeNull();
  });

  it('takes the highest level over all encodings', () => {
    const both = j({
      eventType: 'user.session.start',
      securityContext: { risk: { level: 'MEDIUM' } },
      debugContext: { debugData: { risk: '{reasons=Anomalous Location, level=HIGH}' } },
    });
    expect(eventSeverity(both)).toBe('HIGH');
    expect(eventSeverity(j({ eventType: 'x', securityContext: { risk: { level: 'LOW' } } }))).toBe('LOW');
    expect(eventSeverity(j({ eventType: 'x', debugContext: { debugData: { logOnlySecurityData: '{"risk":{"level":"MEDIUM"}}' } } }))).toBe('MEDIUM');
  });

  it('makes a threat detection HIGH when it gives no level, and ignores events without risk', () => {
    expect(eventSeverity(j({ eventType: 'security.threat.detected', securityContext: { risk: null } }))).toBe('HIGH');
    expect(eventSeverity(j({ eventType: 'security.threat.detected', securityContext: { risk: { level: 'LOW' } } }))).toBe('LOW');
    expect(eventSeverity(j({ eventType: 'user.authentication.sso', debugContext: { debugData: { threatSuspected: 'false' } } }))).toBeNull();
  });
});

describe('transformLogEvent', () => {
  const event = j({
    uuid: '4b1e7f2a-3c9d', published: '2026-06-01T06:12:44.517Z', eventType: 'user.session.start', version: '0',
    actor: { id: '00u8k2', type: 'User', alternateId: 'maria@acme-corp.com' },
    client: {
      userAgent: { rawUserAgent: 'Mozilla/5.0', os: 'Windows 10', browser: 'CHROME' }, zone: 'null', ipAddress: '203.0.113.54',
      geographicalContext: { city: 'Lagos', state: '', country: 'Nigeria', postalCode: null },
    },
    securityContext: { risk: { level: 'HIGH', reasons: ['Anomalous Location'] } },
  });

  it('maps a risky event onto a SecurityEvent with the actor', () => {
    expect(transformLogEvent(event, keys)).toEqual({
      key: 'okta:acme-corp.okta.com:log:4b1e7f2a-3c9d',
      actorKey: keys.user('00u8k2'),
      props: {
        externalId: '4b1e7f2a-3c9d', severity: 'HIGH', occurredAt: '2026-06-01T06:12:44.517Z', kind: 'user.session.start',
        ipAddress: '203.0.113.54', location: 'Lagos, Nigeria', device: 'Windows 10, CHROME',
      },
    });
  });

  it('skips events without risk, and links no account when the actor is not a user', () => {
    expect(transformLogEvent(j({ ...event, securityContext: null }), keys)).toBeNull();
    const system = transformLogEvent(j({ ...event, eventType: 'security.threat.detected', securityContext: null, actor: { id: 'unknown', type: 'SystemPrincipal' } }), keys);
    expect(system?.actorKey).toBeNull();
    expect(system?.props.severity).toBe('HIGH');
  });

  it('builds location and device from what is known', () => {
    expect(eventLocation(j({ client: { geographicalContext: { city: null, state: 'Bavaria', country: 'Germany' } } }))).toBe('Bavaria, Germany');
    expect(eventLocation(j({ client: { geographicalContext: null } }))).toBeNull();
    expect(eventDevice(j({ client: { userAgent: { os: 'Unknown', browser: 'UNKNOWN', rawUserAgent: 'curl/8.0' } } }))).toBe('curl/8.0');
    expect(eventDevice(j({ client: { userAgent: { os: 'Mac OS X', browser: null, rawUserAgent: 'x' } } }))).toBe('Mac OS X');
    expect(eventDevice(j({ client: null }))).toBeNull();
  });
});

describe('policies', () => {
  const signOnRule = (priority: number, requireFactor: boolean, extra: object = {}): JsonObject =>
    j({ id: `r${priority}`, name: `rule ${priority}`, type: 'SIGN_ON', status: 'ACTIVE', priority, actions: { signon: { access: 'ALLOW', requireFactor } }, ...extra });

  it('summarizes sign-on and access rules', () => {
    expect(summarizeRule(signOnRule(1, true), 'OKTA_SIGN_ON')).toMatchObject({ access: 'ALLOW', requiresMfa: true, priority: 1 });
    const access = j({
      id: 'r', status: 'ACTIVE', priority: 0,
      actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '2FA', constraints: [{ possession: { phishingResistant: 'REQUIRED' } }] } } },
    });
    expect(summarizeRule(access, 'ACCESS_POLICY')).toMatchObject({ requiresMfa: true, factorMode: '2FA', phishingResistant: true });
    const oneFactor = j({ actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '1FA' } } } });
    expect(summarizeRule(oneFactor, 'ACCESS_POLICY').requiresMfa).toBe(false);
  });

  it('enforces MFA only when every reachable rule that lets users in requires it', () => {
    const policy = j({ id: 'p', type: 'OKTA_SIGN_ON', status: 'ACTIVE' });
    const rules = (rs: JsonObject[]) => rs.map((r) => summarizeRule(r, 'OKTA_SIGN_ON'));
    const admins = { conditions: { people: { groups: { include: ['00gadmins'] } } } };
    const catchAll = (priority: number, mfa: boolean) => signOnRule(priority, mfa, { system: true });
    expect(policyEnforcesMfa(policy, rules([catchAll(99, true), signOnRule(1, true, admins)]))).toBe(true);
    // "Admins require MFA" before a default rule without MFA: everyone else signs in with a password.
    expect(policyEnforcesMfa(policy, rules([signOnRule(1, true, admins), catchAll(99, false)]))).toBe(false);
    expect(policyEnforcesMfa(policy, rules([signOnRule(1, false, admins), catchAll(99, true)]))).toBe(false);
    // Rules after a catch-all are never reached; inactive rules and DENY rules let no one in.
    expect(policyEnforcesMfa(policy, rules([signOnRule(1, true), signOnRule(2, false)]))).toBe(true);
    expect(policyEnforcesMfa(policy, rules([signOnRule(1, false, { ...admins, status: 'INACTIVE' }), catchAll(99, true)]))).toBe(true);
    const deny = j({ id: 'd', status: 'ACTIVE', priority: 0, actions: { signon: { access: 'DENY' } }, conditions: { network: { connection: 'ZONE' } } });
    expect(policyEnforcesMfa(policy, rules([deny, catchAll(99, true)]))).toBe(true);
    const zone = { conditions: { network: { connection: 'ZONE', include: ['nzo1'] } } };
    expect(policyEnforcesMfa(policy, rules([signOnRule(1, false, zone), catchAll(99, true)]))).toBe(false);
    expect(policyEnforcesMfa(j({ ...policy, status: 'INACTIVE' }), rules([catchAll(1, true)]))).toBe(false);
    expect(policyEnforcesMfa(policy, rules([deny]))).toBe(false);
    expect(policyEnforcesMfa(policy, [])).toBe(false);
  });

  it('treats an enrollment policy as enforcing when it requires a second factor and prompts for it', () => {
    const enroll = j({
      id: 'e', type: 'MFA_ENROLL', status: 'ACTIVE',
      settings: { type: 'AUTHENTICATORS', authenticators: [{ key: 'okta_password', enroll: { self: 'REQUIRED' } }, { key: 'okta_verify', enroll: { self: 'REQUIRED' } }] },
    });
    const challenge = summarizeRule(j({ status: 'ACTIVE', priority: 1, actions: { enroll: { self: 'CHALLENGE' } } }), 'MFA_ENROLL');
    const never = summarizeRule(j({ status: 'ACTIVE', priority: 1, actions: { enroll: { self: 'NEVER' } } }), 'MFA_ENROLL');
    expect(policyEnforcesMfa(enroll, [challenge])).toBe(true);
    expect(policyEnforcesMfa(enroll, [never])).toBe(false);
    expect(enrollmentRequiresSecondFactor(j({ settings: { authenticators: [{ key: 'security_question', enroll: { self: 'REQUIRED' } }, { key: 'okta_verify', enroll: { self: 'OPTIONAL' } }] } }))).toBe(false);
    expect(enrollmentRequiresSecondFactor(j({ settings: { type: 'FACTORS', factors: { okta_otp: { enroll: { self: 'REQUIRED' } } } } }))).toBe(true);
  });

  it('stores the rules as JSON sorted by priority', () => {
    const row = transformOktaPolicy(j({ id: '00p1', type: 'OKTA_SIGN_ON', name: 'Default', status: 'ACTIVE', priority: 1 }), [signOnRule(2, false, { system: true }), signOnRule(1, true, { conditions: { people: { groups: { include: ['00gadmins'] } } } })], keys);
    expect(row.key).toBe('okta:acme-corp.okta.com:policy:00p1');
    expect(row.props).toMatchObject({ externalId: '00p1', type: 'OKTA_SIGN_ON', name: 'Default', status: 'ACTIVE', priority: 1, enforcesMfa: false });
    expect((JSON.parse(row.props.rules) as Array<{ id: string }>).map((r) => r.id)).toEqual(['r1', 'r2']);
  });
});
