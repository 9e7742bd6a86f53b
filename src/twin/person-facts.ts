/** A person's own properties, derived from its accounts (pure, so resolution can diff before writing). */
import type { AccountIdentity } from './identity-keys.js';
import { emailIdentifier, loginIdentifier } from './identity-keys.js';
import { latestDate, type Confidence } from '../model/vocabulary.js';

export interface PersonFacts {
  displayName: string;
  /** Lower-cased displayName: ordering and paging of people. */
  sortName: string;
  /** Distinct normalized emails and email-shaped logins, sorted. */
  emails: string[];
  confidence: Confidence;
  /** Latest lastSignInAt of the person's accounts. */
  lastActivityAt: string | null;
  /** Lower-cased names, emails, UPNs and logins, one per line: people(search:) is a CONTAINS on it. */
  searchText: string;
  accountCount: number;
}

const EMAIL_SHAPE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function personFacts(accounts: readonly AccountIdentity[], confidence: PersonFacts['confidence']): PersonFacts {
  const byKey = [...accounts].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const named = (a: AccountIdentity): boolean => Boolean(a.displayName?.trim());
  // The Entra member account carries the HR-synced name; Okta profiles are often first + last only.
  const preferred =
    byKey.find((a) => named(a) && a.source === 'ENTRA_ID' && a.active && a.userType !== 'Guest') ??
    byKey.find((a) => named(a) && a.active) ??
    byKey.find(named);
  const displayName = preferred?.displayName?.trim() ?? byKey.find((a) => a.login)?.login ?? byKey[0]?.email ?? '';

  const emails = new Set<string>();
  const search = new Set<string>();
  for (const a of byKey) {
    for (const v of [loginIdentifier(a), emailIdentifier(a)]) if (v !== null && EMAIL_SHAPE.test(v)) emails.add(v);
    for (const v of [a.displayName, a.login, a.email]) {
      const t = v?.trim().toLowerCase();
      if (t) search.add(t);
    }
  }
  const lastActivityAt = lastActivityOf(byKey.map((a) => a.lastSignInAt));
  for (const e of emails) search.add(e);

  return {
    displayName,
    sortName: displayName.toLowerCase(),
    emails: [...emails].sort(),
    confidence,
    lastActivityAt,
    searchText: [...search].join('\n'),
    accountCount: accounts.length,
  };
}

/** A person's last activity: the latest sign-in of its accounts (activity-pass.ts updates it alone). */
export function lastActivityOf(signIns: ReadonlyArray<string | null>): string | null {
  return signIns.reduce<string | null>((latest, at) => latestDate(latest, at), null);
}

export function sameFacts(a: PersonFacts, b: Partial<PersonFacts>): boolean {
  return (
    a.displayName === b.displayName &&
    a.sortName === b.sortName &&
    a.confidence === b.confidence &&
    a.lastActivityAt === (b.lastActivityAt ?? null) &&
    a.searchText === b.searchText &&
    a.accountCount === b.accountCount &&
    a.emails.length === (b.emails?.length ?? -1) &&
    a.emails.every((e, i) => e === b.emails?.[i])
  );
}
