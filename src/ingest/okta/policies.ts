/**
 * Data set `policies`: the policies that decide whether Okta enforces MFA — global session (OKTA_SIGN_ON),
 * app authentication (ACCESS_POLICY, Identity Engine) and authenticator enrollment (MFA_ENROLL) — with
 * their rules, as OktaPolicyNode nodes.
 *
 * `enforcesMfa` applies the reference's posture heuristic (the first matching rule by priority decides)
 * to every user the policy covers at once: an ACTIVE policy enforces MFA when no one can get through it
 * without a second factor, i.e. every active rule that lets users in (Classic `requireFactor`, OIE
 * `factorMode: 2FA`) requires one, up to the first catch-all rule (the system default rule, or a rule
 * without people or network conditions) — rules after it are never reached. "Admins require MFA" before
 * a default rule without MFA is therefore not enforcement; the rules JSON keeps the per-rule answer.
 * For MFA_ENROLL it means enrollment of a second factor is required: the policy requires an authenticator
 * other than password and security question, and its first active rule prompts for enrollment.
 */
import { TwinError } from '../../errors.js';
import { OktaPolicyNode } from '../../model/graph.js';
import { upsertNodes, type NodeRow } from '../../model/writes.js';
import type { Resource, RowsOf } from '../resource.js';
import type { OktaKeys } from './keys.js';
import type { OktaSession } from './session.js';
import { arr, at, isObject, num, obj, str, type JsonObject } from './wire.js';

export const MFA_POLICY_TYPES = ['OKTA_SIGN_ON', 'ACCESS_POLICY', 'MFA_ENROLL'] as const;
export type MfaPolicyType = (typeof MFA_POLICY_TYPES)[number];

export interface RuleSummary {
  id: string | null;
  name: string | null;
  status: string | null;
  priority: number | null;
  system: boolean;
  access: string | null;
  requiresMfa: boolean;
  factorMode: string | null;
  phishingResistant: boolean;
  enroll: string | null;
  conditions: JsonObject | null;
}

export type PolicyRow = NodeRow<typeof OktaPolicyNode>;

/** Authenticators that are not a second factor. */
const KNOWLEDGE_ONLY = new Set(['okta_password', 'security_question', 'okta_question', 'question']);

export function summarizeRule(rule: JsonObject, policyType: string): RuleSummary {
  const actions = obj(rule.actions);
  let access: string | null = null;
  let requiresMfa = false;
  let factorMode: string | null = null;
  let phishingResistant = false;
  let enroll: string | null = null;
  if (policyType === 'OKTA_SIGN_ON') {
    const signon = obj(actions.signon);
    access = str(signon.access);
    requiresMfa = access !== 'DENY' && signon.requireFactor === true;
  } else if (policyType === 'ACCESS_POLICY') {
    const appSignOn = obj(actions.appSignOn);
    access = str(appSignOn.access);
    factorMode = str(at(appSignOn, 'verificationMethod', 'factorMode'));
    requiresMfa = access !== 'DENY' && factorMode?.toUpperCase() === '2FA';
    phishingResistant = arr(at(appSignOn, 'verificationMethod', 'constraints')).some(
      (c) => str(at(c, 'possession', 'phishingResistant')) === 'REQUIRED',
    );
  } else if (policyType === 'MFA_ENROLL') {
    enroll = str(at(actions, 'enroll', 'self'));
    requiresMfa = enroll !== null && !enroll.startsWith('NEVER');
  }
  const conditions = isObject(rule.conditions) ? rule.conditions : null;
  return {
    id: str(rule.id),
    name: str(rule.name),
    status: str(rule.status),
    priority: num(rule.priority),
    system: rule.system === true,
    access,
    requiresMfa,
    factorMode,
    phishingResistant,
    enroll,
    conditions,
  };
}

/** Whether an enrollment policy requires some authenticator that is a second factor. */
export function enrollmentRequiresSecondFactor(policy: JsonObject): boolean {
  const settings = obj(policy.settings);
  const required = (entry: unknown): boolean => str(at(entry, 'enroll', 'self')) === 'REQUIRED';
  for (const a of arr(settings.authenticators)) {
    const key = str(at(a, 'key'));
    if (key && !KNOWLEDGE_ONLY.has(key) && required(a)) return true;
  }
  for (const [key, factor] of Object.entries(obj(settings.factors))) {
    if (!KNOWLEDGE_ONLY.has(key) && required(factor)) return true;
  }
  return false;
}

function byPriority(a: RuleSummary, b: RuleSummary): number {
  return (a.priority ?? Number.MAX_SAFE_INTEGER) - (b.priority ?? Number.MAX_SAFE_INTEGER);
}

export function policyEnforcesMfa(policy: JsonObject, rules: readonly RuleSummary[]): boolean {
  if (str(policy.status) !== 'ACTIVE') return false;
  const type = str(policy.type) ?? '';
  const active = rules.filter((r) => r.status === null || r.status === 'ACTIVE').sort(byPriority);
  if (type === 'MFA_ENROLL') {
    const first = active[0];
    return first !== undefined && first.requiresMfa && enrollmentRequiresSecondFactor(policy);
  }
  let letsUsersIn = false;
  for (const rule of active) {
    if (rule.access === 'DENY') continue;
    if (!rule.requiresMfa) return false;
    letsUsersIn = true;
    if (isCatchAll(rule)) break;
  }
  return letsUsersIn;
}

/** A rule every user the policy covers matches: later rules are never evaluated. */
function isCatchAll(rule: RuleSummary): boolean {
  if (rule.system) return true;
  const c = rule.conditions ?? {};
  const people = obj(c.people);
  const restrictsPeople = [at(people, 'users', 'include'), at(people, 'groups', 'include'), at(people, 'users', 'exclude'), at(people, 'groups', 'exclude')].some(
    (list) => arr(list).length > 0,
  );
  const connection = str(at(c, 'network', 'connection'));
  return !restrictsPeople && (connection === null || connection === 'ANYWHERE');
}

export function transformOktaPolicy(policy: JsonObject, rules: readonly JsonObject[], keys: OktaKeys): PolicyRow {
  const id = str(policy.id);
  if (!id) throw new TwinError('UPSTREAM_BAD_RESPONSE', 'Okta returned a policy without an id');
  const type = str(policy.type) ?? 'UNKNOWN';
  const summaries = rules.map((r) => summarizeRule(r, type)).sort(byPriority);
  return {
    key: keys.policy(id),
    props: {
      externalId: id,
      type,
      name: str(policy.name),
      status: str(policy.status),
      priority: num(policy.priority),
      rules: JSON.stringify(summaries),
      enforcesMfa: policyEnforcesMfa(policy, summaries),
    },
  };
}

/** A policy as read, with its rules. */
export interface PolicyWithRules {
  policy: JsonObject;
  rules: JsonObject[];
}

const writes = { policies: upsertNodes(OktaPolicyNode) };

/** Pure: policies with their rules → OktaPolicyNode rows. */
export function transformPolicies(page: readonly PolicyWithRules[], keys: OktaKeys): RowsOf<typeof writes> {
  return { policies: page.map(({ policy, rules }) => transformOktaPolicy(policy, rules, keys)) };
}

export const policiesResource: Resource<OktaSession, PolicyWithRules[], typeof writes> = {
  name: 'policies',
  writes,
  counted: ['policies'],
  async *pages(session, ctx) {
    const { client } = session;
    for (const type of MFA_POLICY_TYPES) {
      try {
        for await (const page of client.pages('/api/v1/policies', { query: { type }, signal: ctx.signal })) {
          const read: PolicyWithRules[] = [];
          for (const policy of page) {
            const id = str(policy.id);
            if (!id) continue;
            const rules: JsonObject[] = [];
            try {
              for await (const r of client.pages(`/api/v1/policies/${encodeURIComponent(id)}/rules`, { signal: ctx.signal })) rules.push(...r);
            } catch (err) {
              // The policy was deleted during the sync: it is not loaded.
              if (err instanceof TwinError && err.code === 'UPSTREAM_NOT_FOUND') continue;
              throw err;
            }
            read.push({ policy, rules });
          }
          yield read;
        }
      } catch (err) {
        // Classic orgs have no ACCESS_POLICY: Okta answers 400 or E0000015; the other types still count.
        if (type === 'ACCESS_POLICY' && err instanceof TwinError && (err.code === 'UPSTREAM_BAD_RESPONSE' || err.code === 'UPSTREAM_LICENSE_REQUIRED') && err.providerCode) {
          ctx.warn(err.providerCode, `access policies are not available in this org (${err.message}); skipped`);
          continue;
        }
        throw err;
      }
    }
  },
  transform: (page, session) => transformPolicies(page, session.keys),
};
