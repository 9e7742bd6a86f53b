/**
 * Groups accounts into people: connected components over shared join keys, with the analysts'
 * overrides on top. Overrides win over automatic joins: an unlinked account joins nothing
 * automatically; linked accounts are joined whatever their identifiers say.
 */
import { DisjointSets } from './union-find.js';
import { joinKeys, type AccountIdentity, type JoinKey } from './identity-keys.js';
import type { Confidence } from '../model/vocabulary.js';

/**
 * How an account came into its person (HAS_ACCOUNT.matchedBy), strongest reason first:
 * - manual: an analyst linked it (AccountLink kind 'link');
 * - immutableId: it shares an immutable id with another account of the person (Entra
 *   onPremisesImmutableId = Okta O365 immutableId, or = the Okta user id);
 * - upn=login: its UPN/login equals another account's UPN/login;
 * - email: it shares an identifier where at least one side is a mail/email address;
 * - self: the person has this one account.
 */
export const MATCHED_BY = ['manual', 'immutableId', 'upn=login', 'email', 'self'] as const;
export type MatchedBy = (typeof MATCHED_BY)[number];

export interface Overrides {
  /** Account key sets an analyst forced into one person. */
  links: string[][];
  /** Account keys an analyst forced out into their own person. */
  unlinked: ReadonlySet<string>;
}

export interface ResolvedComponent {
  /** Indices into the accounts array, ascending. */
  members: number[];
  /** Per member, same order. */
  matchedBy: MatchedBy[];
  /**
   * VERIFIED for a single account, or when the analysts' links alone join every account;
   * INFERRED when the twin joined 2+ accounts by itself.
   */
  confidence: Confidence;
  /** Members an analyst forced out (only ever a singleton's one account). */
  forcedOut: number;
}

export function resolveComponents(accounts: readonly AccountIdentity[], overrides: Overrides): ResolvedComponent[] {
  const index = new Map<string, number>();
  accounts.forEach((a, i) => index.set(a.key, i));

  const linkSets = overrides.links
    .map((keys) => [...new Set(keys)].map((k) => index.get(k)).filter((i): i is number => i !== undefined))
    .filter((members) => members.length >= 2);
  const linked = new Set<number>(linkSets.flat());
  // A link is the later, stronger statement about an account: it cancels an old unlink of it.
  const isForcedOut = (i: number): boolean => !linked.has(i) && overrides.unlinked.has((accounts[i] as AccountIdentity).key);

  const keysOf: JoinKey[][] = accounts.map((a) => joinKeys(a));
  const sets = new DisjointSets(accounts.length);
  const firstHolder = new Map<string, number>();
  keysOf.forEach((keys, i) => {
    if (isForcedOut(i)) return;
    for (const k of keys) {
      const holder = firstHolder.get(k.value);
      if (holder === undefined) firstHolder.set(k.value, i);
      else sets.union(holder, i);
    }
  });

  const manual = new DisjointSets(accounts.length);
  for (const members of linkSets) {
    const first = members[0] as number;
    for (const m of members) {
      sets.union(first, m);
      manual.union(first, m);
    }
  }

  return sets.groups().map((members): ResolvedComponent => {
    if (members.length === 1) {
      const only = members[0] as number;
      return { members, matchedBy: ['self'], confidence: 'VERIFIED', forcedOut: isForcedOut(only) ? 1 : 0 };
    }
    const shared = new Map<string, { all: number; asLogin: number }>();
    for (const i of members) {
      for (const k of keysOf[i] as JoinKey[]) {
        const c = shared.get(k.value) ?? { all: 0, asLogin: 0 };
        c.all += 1;
        if (k.role === 'login') c.asLogin += 1;
        shared.set(k.value, c);
      }
    }
    const matchedBy = members.map((i): MatchedBy => {
      if (linked.has(i)) return 'manual';
      const keys = keysOf[i] as JoinKey[];
      const count = (k: JoinKey) => shared.get(k.value) ?? { all: 0, asLogin: 0 };
      if (keys.some((k) => k.role === 'immutable' && count(k).all >= 2)) return 'immutableId';
      if (keys.some((k) => k.role === 'login' && count(k).asLogin >= 2)) return 'upn=login';
      if (keys.some((k) => k.role !== 'immutable' && count(k).all >= 2)) return 'email';
      return 'manual';
    });
    const root = manual.find(members[0] as number);
    const allLinked = members.every((i) => manual.find(i) === root);
    return { members, matchedBy, confidence: allLinked ? 'VERIFIED' : 'INFERRED', forcedOut: 0 };
  });
}
