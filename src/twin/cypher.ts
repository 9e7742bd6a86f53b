/** Cypher fragments every posture section shares, so each definition is written once. */

/**
 * "Holds a role actively" (contract header), read from the role's side: an active assignment at any
 * scope to the account or to a group it is in, directly or through nested groups. Binds `r` and `a`.
 */
export const ACTIVE_HOLDERS = `(r)<-[:HAS_ROLE {assignment: 'active'}]-()<-[:MEMBER_OF*0..]-(a:Account)`;

/** Active or PIM-eligible holders; binds `r`, `h` (the assignment) and `a`. */
export const ALL_HOLDERS = `(r)<-[h:HAS_ROLE]-()<-[:MEMBER_OF*0..]-(a:Account)`;

/** The order of every account list (AccountView.displayName, then id), alias `a`. */
export const ACCOUNT_ORDER = `coalesce(a.displayName, a.login, ''), a.key`;

/**
 * Whether an ISO date property holds a date. Connectors already store never as null; the extra guards keep
 * Graph's "" and 0001-01-01 from counting as a date if one slips through.
 */
export function isDate(expr: string): string {
  return `(${expr} IS NOT NULL AND ${expr} <> '' AND NOT ${expr} STARTS WITH '0001-01-01')`;
}

/** Orders rows by account (AccountView), the way ACCOUNT_ORDER does in Cypher (UTF-16 code units). */
export function byAccountOrder(a: { displayName: string; id: string }, b: { displayName: string; id: string }): number {
  return cmp(a.displayName, b.displayName) || cmp(a.id, b.id);
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A role's name as the contract shows it (alias `r`): Entra's displayName; for Okta the role type
 * (SUPER_ADMIN), whatever label the assignment carried ("Super Organization Administrator"), and a custom
 * role's own label, since its key is an id (cr0…). The one derivation of a role's name: posture
 * (RoleHolders.role, RoleConflict.roles) and the explorer (Role.name) both read it.
 */
export const ROLE_NAME = `CASE WHEN r.source = 'OKTA' AND r.roleKey =~ '[A-Z][A-Z_]*' THEN r.roleKey ELSE coalesce(r.name, r.roleKey) END`;
