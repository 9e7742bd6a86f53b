/**
 * The cross-IdP findings that depend on roles, as pure rules over one person's facts:
 * PRIVILEGED_WITHOUT_PHISHING_RESISTANT_MFA and the three RoleConflict kinds. Only privileged roles
 * are in `holds` (tier-0 roles are privileged too); "holds actively" is the contract's definition.
 */
import { ROLE_CONFLICT_KINDS, SOURCES, type RoleConflictKind, type Source } from '../model/vocabulary.js';
import type { AccountView, MfaGapView, PersonView, RoleConflictView } from './views.js';
import { byAccountOrder, cmp } from './cypher.js';

export interface RoleHold {
  accountId: string;
  /** The identity provider of the role (and so of the account). */
  source: Source;
  role: string;
  tier0: boolean;
  /** true: held actively; false: only PIM-eligible. */
  active: boolean;
}

export interface PrivilegedPersonFacts {
  person: PersonView;
  /** All of the person's accounts. */
  accounts: AccountView[];
  /** The person's privileged role assignments, one per account and role. */
  holds: RoleHold[];
}

const PHISHING_RESISTANT = new Set(['FIDO2', 'WINDOWS_HELLO']);

/** "ENTRA_ID: Global Administrator", "OKTA: SUPER_ADMIN": distinct, sorted. */
export function roleLabels(holds: readonly RoleHold[]): string[] {
  return [...new Set(holds.map((h) => `${h.source}: ${h.role}`))].sort(cmp);
}

export function phishingResistantGap(f: PrivilegedPersonFacts): MfaGapView | null {
  const active = f.holds.filter((h) => h.active);
  if (active.length === 0) return null;
  if (f.accounts.some((a) => a.mfaMethods.some((m) => PHISHING_RESISTANT.has(m)))) return null;
  const holders = new Set(active.map((h) => h.accountId));
  return {
    kind: 'PRIVILEGED_WITHOUT_PHISHING_RESISTANT_MFA',
    person: f.person,
    accounts: f.accounts.filter((a) => holders.has(a.id)).sort(byAccountOrder),
    federatedThroughOkta: false,
  };
}

/** At most one conflict per kind; a kind that applies in both directions lists the roles of both. */
export function roleConflicts(f: PrivilegedPersonFacts): RoleConflictView[] {
  const found = new Map<RoleConflictKind, RoleHold[]>();
  const add = (kind: RoleConflictKind, holds: RoleHold[]): void => {
    found.set(kind, [...(found.get(kind) ?? []), ...holds]);
  };
  const activeIn = (s: Source): RoleHold[] => f.holds.filter((h) => h.active && h.source === s);
  const accountsIn = (s: Source): AccountView[] => f.accounts.filter((a) => a.source === s);

  for (const x of SOURCES) {
    const y: Source = x === 'ENTRA_ID' ? 'OKTA' : 'ENTRA_ID';
    const held = activeIn(x);
    if (held.length === 0) continue;
    const elsewhere = accountsIn(y);
    if (elsewhere.length > 0 && !elsewhere.some((a) => a.active)) add('PRIVILEGED_WHILE_INACTIVE_ELSEWHERE', held);
    const bothActive = accountsIn(x).some((a) => a.active) && elsewhere.some((a) => a.active);
    if (bothActive && !f.holds.some((h) => h.source === y)) add('PRIVILEGE_MISMATCH', held);
  }
  const tier0 = SOURCES.map((s) => activeIn(s).filter((h) => h.tier0));
  if (tier0.every((t) => t.length > 0)) add('TIER0_IN_BOTH', tier0.flat());

  return ROLE_CONFLICT_KINDS.flatMap((kind) => {
    const holds = found.get(kind);
    return holds ? [{ kind, person: f.person, roles: roleLabels(holds) }] : [];
  });
}
