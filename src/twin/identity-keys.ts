/**
 * Which values join two accounts into one person. The contract's rule: a shared normalized identifier
 * (Entra UPN unless it contains #EXT#, Entra mail, Okta login, Okta email). Beyond it, the stronger
 * keys Okta's Office 365 federation itself relies on (Okta's Office 365 integration documentation): Entra
 * onPremisesImmutableId equals the O365 app user's immutableId, or equals the Okta user id
 * (Okta-mastered users). Immutable ids are compared exactly: they are case-sensitive base64 or ids.
 */
import type { Source } from '../model/vocabulary.js';
import { normalizeIdentifier } from '../model/vocabulary.js';

/** What resolution reads of an account: identifiers, and what the person's own properties need. */
export interface AccountIdentity {
  key: string;
  source: Source;
  externalId: string | null;
  loginNorm: string | null;
  emailNorm: string | null;
  immutableId: string | null;
  o365ImmutableId: string | null;
  displayName: string | null;
  login: string | null;
  email: string | null;
  active: boolean;
  userType: string | null;
  lastSignInAt: string | null;
  /** The person the account belongs to now, and how it was matched (null before the first resolution). */
  personId: string | null;
  matchedBy: string | null;
}

/** What the join keys are made of. */
export type JoinFields = Pick<AccountIdentity, 'source' | 'externalId' | 'loginNorm' | 'emailNorm' | 'immutableId' | 'o365ImmutableId' | 'login' | 'email'>;

/** The join fields of an account as a read returns them: the stored source may be missing. */
export type StoredJoinFields = Omit<JoinFields, 'source'> & { key: string; source: string | null };

/** The account's IdP: its stored source, else its key's prefix (a node written before the source was stored). */
export function accountSource(value: string | null, key: string): Source {
  if (value === 'ENTRA_ID' || value === 'OKTA') return value;
  return key.startsWith('okta:') ? 'OKTA' : 'ENTRA_ID';
}

/** The join fields of a read's row, as a literal: spreading driver records was a large share of a read of 500k rows. */
export function joinFieldsOf(row: StoredJoinFields): JoinFields {
  return {
    source: accountSource(row.source, row.key), externalId: row.externalId, loginNorm: row.loginNorm, emailNorm: row.emailNorm,
    immutableId: row.immutableId, o365ImmutableId: row.o365ImmutableId, login: row.login, email: row.email,
  };
}

export type JoinRole = 'login' | 'email' | 'immutable';

export interface JoinKey {
  /** Namespaced so an identifier never meets an immutable id by accident. */
  value: string;
  role: JoinRole;
}

/** The account's identifier as resolution compares it; null for guest (#EXT#) UPNs. */
export function loginIdentifier(a: JoinFields): string | null {
  const v = normalizeIdentifier(a.loginNorm ?? a.login);
  if (v === null) return null;
  // A B2B guest's UPN is a mangled copy of its home address: never a key (okta.md §10, pitfalls).
  return a.source === 'ENTRA_ID' && v.includes('#ext#') ? null : v;
}

export function emailIdentifier(a: JoinFields): string | null {
  return normalizeIdentifier(a.emailNorm ?? a.email);
}

export function joinKeys(a: JoinFields): JoinKey[] {
  const keys: JoinKey[] = [];
  const login = loginIdentifier(a);
  const email = emailIdentifier(a);
  if (login !== null) keys.push({ value: `n:${login}`, role: 'login' });
  if (email !== null && email !== login) keys.push({ value: `n:${email}`, role: 'email' });
  const immutable = a.immutableId?.trim() || null;
  if (a.source === 'ENTRA_ID' && immutable !== null) {
    keys.push({ value: `i:${immutable}`, role: 'immutable' });
    keys.push({ value: `u:${immutable}`, role: 'immutable' });
  }
  if (a.source === 'OKTA') {
    const o365 = a.o365ImmutableId?.trim() || null;
    if (o365 !== null) keys.push({ value: `i:${o365}`, role: 'immutable' });
    if (a.externalId) keys.push({ value: `u:${a.externalId}`, role: 'immutable' });
  }
  return keys;
}
