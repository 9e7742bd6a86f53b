/**
 * Okta policies: the global session policy (OKTA_SIGN_ON, rules of type SIGN_ON with
 * requireFactor), app authentication policies (ACCESS_POLICY: two factors for most apps, a
 * password-only one for a legacy app, phishing-resistant for admins) and MFA enrolment.
 */
import type { OktaOrgFixture, OktaPolicy, OktaPolicyRule } from '../../okta/fixture.js';
import type { ScenarioContext } from '../context.js';
import { streamOf } from '../context.js';
import { oktaId } from '../ids.js';
import type { Rng } from '../random.js';
import { DAY_MS, millisTime } from '../time.js';

export interface OktaPolicies {
  policies: OktaOrgFixture['policies'];
  policyRules: Record<string, OktaPolicyRule[]>;
  twoFactorPolicyId: string;
  oneFactorPolicyId: string;
  office365PolicyId: string;
  rules: number;
}

const SESSION = { maxSessionIdleMinutes: 120, maxSessionLifetimeMinutes: 0, usePersistentCookie: false };
const ANYWHERE = { connection: 'ANYWHERE' };

export function buildOktaPolicies(context: ScenarioContext, groups: { everyoneId: string; orgAdminGroupId: string }): OktaPolicies {
  const rng = streamOf(context, 'okta-policies');
  const created = millisTime(context.now - 900 * DAY_MS);
  const updated = millisTime(context.now - (5 + rng.float() * 100) * DAY_MS);
  const everyone = { people: { groups: { include: [groups.everyoneId] } } };
  const admins = { people: { groups: { include: [groups.orgAdminGroupId] } } };

  const policy = (r: Rng, prefix: string, type: OktaPolicy['type'], name: string, priority: number, system: boolean, extra: Partial<OktaPolicy> = {}): OktaPolicy => ({
    id: oktaId(r, prefix, context.oktaSuffix),
    type,
    name,
    description: null,
    status: 'ACTIVE',
    priority,
    system,
    conditions: null,
    created,
    lastUpdated: updated,
    ...extra,
  });
  const rule = (r: Rng, prefix: string, type: string, name: string, priority: number, system: boolean, conditions: Record<string, unknown> | null, actions: Record<string, unknown>): OktaPolicyRule => ({
    id: oktaId(r, prefix, context.oktaSuffix),
    type,
    name,
    status: 'ACTIVE',
    priority,
    system,
    conditions,
    actions,
    created,
    lastUpdated: updated,
  });
  const appSignOn = (factorMode: '1FA' | '2FA', constraints: unknown[], reauthenticateIn = 'PT12H'): Record<string, unknown> => ({
    appSignOn: { access: 'ALLOW', verificationMethod: { type: 'ASSURANCE', factorMode, reauthenticateIn, constraints } },
  });

  const mfaSession = policy(rng, '00p', 'OKTA_SIGN_ON', 'Require MFA', 1, false, { description: 'MFA for every session', conditions: everyone });
  const defaultSession = policy(rng, '00p', 'OKTA_SIGN_ON', 'Default Policy', 2, true, { description: 'The default global session policy', conditions: everyone });
  const twoFactor = policy(rng, 'rst', 'ACCESS_POLICY', 'Any two factors', 1, false, { description: 'Default app sign-on: two factors' });
  const oneFactor = policy(rng, 'rst', 'ACCESS_POLICY', 'Password only', 2, false, { description: 'Legacy apps that cannot do MFA' });
  const office365 = policy(rng, 'rst', 'ACCESS_POLICY', 'Microsoft Office 365', 0, false, { description: 'Office 365 app sign-on policy' });
  const enroll = policy(rng, '00p', 'MFA_ENROLL', 'Default Policy', 1, true, {
    conditions: everyone,
    settings: {
      type: 'AUTHENTICATORS',
      authenticators: [
        { key: 'okta_verify', enroll: { self: 'REQUIRED' } },
        { key: 'okta_email', enroll: { self: 'OPTIONAL' } },
        { key: 'phone_number', enroll: { self: 'OPTIONAL' } },
        { key: 'webauthn', enroll: { self: 'OPTIONAL' } },
        { key: 'google_otp', enroll: { self: 'OPTIONAL' } },
        { key: 'security_question', enroll: { self: 'OPTIONAL' } },
      ],
    },
  });
  const password = policy(rng, '00p', 'PASSWORD', 'Default Policy', 1, true, { conditions: { ...everyone, authProvider: { provider: 'OKTA' } } });

  const signOn = (requireFactor: boolean, promptMode: 'ALWAYS' | 'SESSION' | null): Record<string, unknown> => ({
    signon: {
      access: 'ALLOW',
      requireFactor,
      ...(promptMode ? { factorPromptMode: promptMode, factorLifetime: promptMode === 'SESSION' ? 720 : 0 } : {}),
      primaryFactor: 'PASSWORD_IDP_ANY_FACTOR',
      rememberDeviceByDefault: false,
      session: SESSION,
    },
  });
  const policyRules: Record<string, OktaPolicyRule[]> = {
    [mfaSession.id]: [
      rule(rng, '0pr', 'SIGN_ON', 'Admins every time', 1, false, { ...admins, network: ANYWHERE, riskScore: { level: 'ANY' } }, signOn(true, 'ALWAYS')),
      rule(rng, '0pr', 'SIGN_ON', 'MFA once per session', 2, false, { ...everyone, network: ANYWHERE, riskScore: { level: 'ANY' } }, signOn(true, 'SESSION')),
    ],
    [defaultSession.id]: [rule(rng, '0pr', 'SIGN_ON', 'Default Rule', 99, true, { ...everyone, network: ANYWHERE }, signOn(false, null))],
    [twoFactor.id]: [
      rule(rng, 'rul', 'ACCESS_POLICY', 'Admins: phishing-resistant', 0, false, { ...admins, network: ANYWHERE }, appSignOn('2FA', [{ possession: { required: true, phishingResistant: 'REQUIRED', userPresence: 'REQUIRED' } }], 'PT2H')),
      rule(rng, 'rul', 'ACCESS_POLICY', 'Catch-all Rule', 99, true, null, appSignOn('2FA', [{ possession: { methods: ['PUSH', 'OTP', 'SMS', 'VOICE', 'EMAIL'] } }])),
    ],
    [oneFactor.id]: [rule(rng, 'rul', 'ACCESS_POLICY', 'Catch-all Rule', 99, true, null, appSignOn('1FA', []))],
    [office365.id]: [
      rule(rng, 'rul', 'ACCESS_POLICY', 'Off network: two factors', 0, false, { network: { connection: 'ZONE', exclude: [] } }, appSignOn('2FA', [{ possession: { required: true } }], 'PT8H')),
      rule(rng, 'rul', 'ACCESS_POLICY', 'Catch-all Rule', 99, true, null, appSignOn('2FA', [])),
    ],
    [enroll.id]: [rule(rng, '0pr', 'MFA_ENROLL', 'Default Rule', 99, true, { people: { users: { exclude: [] } }, network: ANYWHERE }, { enroll: { self: 'CHALLENGE' } })],
    [password.id]: [rule(rng, '0pr', 'PASSWORD', 'Default Rule', 99, true, { people: { users: { exclude: [] } }, network: ANYWHERE }, { passwordChange: { access: 'ALLOW' }, selfServicePasswordReset: { access: 'ALLOW' }, selfServiceUnlock: { access: 'DENY' } })],
  };
  return {
    policies: {
      OKTA_SIGN_ON: [mfaSession, defaultSession],
      ACCESS_POLICY: [office365, twoFactor, oneFactor],
      MFA_ENROLL: [enroll],
      PASSWORD: [password],
    },
    policyRules,
    twoFactorPolicyId: twoFactor.id,
    oneFactorPolicyId: oneFactor.id,
    office365PolicyId: office365.id,
    rules: Object.values(policyRules).reduce((sum, list) => sum + list.length, 0),
  };
}
