/**
 * Okta MFA factors per user, only in the type/provider pairs and statuses the reference lists:
 * mostly Okta Verify push (and FastPass), SMS, email, security questions, some TOTP and
 * WebAuthn; users with no factor at all and users with only a security question.
 */
import type { UserFactor, UserFactorStatus } from '../../okta/fixture.js';
import type { AdminPlan } from '../admins.js';
import type { ScenarioContext } from '../context.js';
import { streamOf } from '../context.js';
import type { OktaFactorKind } from '../distributions.js';
import { FACTOR_NOT_SETUP, FACTOR_PENDING_ACTIVATION, OKTA_FACTORS, OKTA_NO_FACTOR, OKTA_QUESTION_ONLY, TOTP_GOOGLE } from '../distributions.js';
import { oktaId, opaque } from '../ids.js';
import type { People, SyntheticPerson } from '../people.js';
import { PHONE_MODELS, PHONE_NAMES, SECURITY_KEYS, SECURITY_QUESTIONS } from '../pools.js';
import type { Rng } from '../random.js';
import { DAY_MS, millisTime } from '../time.js';

export interface OktaFactors {
  factors: Record<string, UserFactor[]>;
  total: number;
  /** Users with at least one ACTIVE factor other than a security question (the contract's "registered"). */
  registered: number;
}

const ID_PREFIX: Record<OktaFactorKind, string> = {
  push: 'opf',
  signed_nonce: 'opf',
  sms: 'sms',
  call: 'clf',
  email: 'emf',
  totp: 'ost',
  webauthn: 'fwf',
  u2f: 'fuf',
  'token:hardware': 'ykf',
  question: 'ufs',
};

const questionProfiles = SECURITY_QUESTIONS.map(([question, questionText]) => ({ question, questionText }));

function phone(rng: Rng): string {
  return `+1 ${rng.between(201, 989)}-555-${String(rng.between(0, 9999)).padStart(4, '0')}`;
}

function factor(rng: Rng, context: ScenarioContext, person: SyntheticPerson, kind: OktaFactorKind, status: UserFactorStatus, createdMs: number): UserFactor {
  const login = person.okta?.login ?? '';
  const created = millisTime(createdMs);
  const base = (factorType: UserFactor['factorType'], provider: UserFactor['provider'], profile: Record<string, unknown> | undefined): UserFactor => ({
    id: oktaId(rng, ID_PREFIX[kind], context.oktaSuffix),
    factorType,
    provider,
    vendorName: provider,
    status,
    created,
    lastUpdated: created,
    ...(profile ? { profile } : {}),
  });
  switch (kind) {
    case 'push':
    case 'signed_nonce': {
      const [deviceType, platform, version] = rng.pick(PHONE_MODELS);
      return base(kind, 'OKTA', { credentialId: login, deviceType, name: `${person.firstName}'s ${rng.pick(PHONE_NAMES)}`, platform, version });
    }
    case 'sms':
    case 'call':
      return base(kind, 'OKTA', { phoneNumber: phone(rng) });
    case 'email':
      return base('email', 'OKTA', { email: person.okta?.email ?? login });
    case 'totp': {
      const google = rng.chance(TOTP_GOOGLE);
      return base('token:software:totp', google ? 'GOOGLE' : 'OKTA', { credentialId: login });
    }
    case 'webauthn':
      return base('webauthn', 'FIDO', { credentialId: opaque(rng, 32), authenticatorName: rng.pick(SECURITY_KEYS) });
    case 'u2f':
      return base('u2f', 'FIDO', { credentialId: opaque(rng, 32) });
    case 'token:hardware':
      return base('token:hardware', 'YUBICO', { credentialId: `${rng.between(1_000_000, 9_999_999)}` });
    case 'question':
      return base('question', 'OKTA', rng.pick(questionProfiles));
  }
}

export function buildOktaFactors(context: ScenarioContext, people: People, plan: AdminPlan): OktaFactors {
  const rng = streamOf(context, 'okta-factors');
  const superAdmins = new Set(plan.oktaUserRoles.filter((g) => g.type === 'SUPER_ADMIN').map((g) => g.person));
  const factors: Record<string, UserFactor[]> = {};
  let total = 0;
  let registered = 0;
  const withFactors = 1 - OKTA_NO_FACTOR - OKTA_QUESTION_ONLY;
  let forced = 0;

  for (const person of people.all) {
    const account = person.okta;
    // Deprovisioning resets factors; staged and provisioned users never enrolled.
    if (!account || account.status === 'DEPROVISIONED' || account.status === 'STAGED' || account.status === 'PROVISIONED') continue;
    const since = Math.max(account.createdMs, context.now - 900 * DAY_MS);
    const when = (): number => since + rng.float() * (context.now - since);
    const list: UserFactor[] = [];
    const x = rng.float();
    if (superAdmins.has(person.index)) {
      list.push(factor(rng, context, person, 'push', 'ACTIVE', when()), factor(rng, context, person, 'webauthn', 'ACTIVE', when()));
    } else if (x < OKTA_NO_FACTOR) {
      // No factor at all.
    } else if (x < OKTA_NO_FACTOR + OKTA_QUESTION_ONLY) {
      list.push(factor(rng, context, person, 'question', 'ACTIVE', when()));
    } else {
      for (const [kind, share] of OKTA_FACTORS) {
        if (!rng.chance(share / withFactors)) continue;
        const y = rng.float();
        const status: UserFactorStatus = y < FACTOR_PENDING_ACTIVATION ? 'PENDING_ACTIVATION' : y < FACTOR_PENDING_ACTIVATION + FACTOR_NOT_SETUP ? 'NOT_SETUP' : 'ACTIVE';
        list.push(factor(rng, context, person, kind, status, when()));
      }
      if (list.length === 0) list.push(factor(rng, context, person, 'push', 'ACTIVE', when()));
    }
    if (list.length === 0) continue;
    // Small orgs still show an unfinished enrolment and an Okta FastPass factor.
    if (!superAdmins.has(person.index) && forced < 2) {
      if (forced === 0 && !list.some((f) => f.status === 'PENDING_ACTIVATION')) list.push(factor(rng, context, person, 'sms', 'PENDING_ACTIVATION', when()));
      if (forced === 1 && !list.some((f) => f.factorType === 'signed_nonce')) list.push(factor(rng, context, person, 'signed_nonce', 'ACTIVE', when()));
      forced++;
    }
    factors[account.id] = list;
    total += list.length;
    if (list.some((f) => f.status === 'ACTIVE' && f.factorType !== 'question')) registered++;
  }
  return { factors, total, registered };
}
