/**
 * IdentityPosture.accounts and .mfa (totals and MFA coverage per source) and the tenant-wide people counts
 * of crossIdp, counted in the database when the posture facts are refreshed (posture-facts.ts). Counting
 * there, not over rows this process read, is what lets a refresh read only the accounts a sync changed:
 * the counts are always over the whole twin. One statement; it aggregates and returns a few hundred rows.
 */
import type { Graph } from '../neo4j/driver.js';
import type { AccountTotalsView, AccountView, MfaCoverageView } from './views.js';
import { MFA_GAP_KINDS, MFA_METHODS, ROLE_CONFLICT_KINDS, SOURCES, type MfaGapKind, type MfaMethod, type RoleConflictKind, type Source } from '../model/vocabulary.js';

export interface TenantCounts {
  people: number;
  accounts: AccountTotalsView[];
  mfa: MfaCoverageView[];
  inBoth: number;
  onlyInEntra: number;
  onlyInOkta: number;
  mfaGapCounts: Array<{ kind: MfaGapKind; people: number }>;
  roleConflictCounts: Array<{ kind: RoleConflictKind; people: number }>;
}

interface SourceRow {
  total: number;
  active: number;
  guests: number;
  registered: number;
  /** Active accounts per known method, in MFA_METHODS order. */
  methods: number[];
}

/**
 * What an account adds to the counts, kept on it as its posture facet's `countedAs`, so the counts read one
 * property of each account: `source|active|Entra guest|active and MFA registered|active methods` (known methods, in
 * enum order, comma-separated). Written when the account's facts are refreshed, which every change to these
 * properties triggers (enrich-scope.ts: they are 'facts'); a sign-in alone moves none of them.
 */
export function countedAs(a: Pick<AccountView, 'source' | 'active' | 'userType' | 'mfaRegistered' | 'mfaMethods'>): string {
  const methods = a.active ? MFA_METHODS.filter((m) => a.mfaMethods.includes(m)) : [];
  const flag = (b: boolean): string => (b ? '1' : '0');
  return [a.source, flag(a.active), flag(a.source === 'ENTRA_ID' && a.userType === 'Guest'), flag(a.active && a.mfaRegistered), methods.join(',')].join('|');
}

/** Adds `n` accounts counted as `counted` (countedAs) to their source's row. */
function addCounted(rows: Map<string, SourceRow>, counted: string, n: number): void {
  const [source = '', active, guest, registered, methods = ''] = counted.split('|');
  const row = rows.get(source) ?? { total: 0, active: 0, guests: 0, registered: 0, methods: MFA_METHODS.map(() => 0) };
  row.total += n;
  if (active === '1') row.active += n;
  if (guest === '1') row.guests += n;
  if (registered === '1') row.registered += n;
  for (const m of methods === '' ? [] : methods.split(',')) {
    const i = MFA_METHODS.findIndex((known) => known === m);
    if (i >= 0) row.methods[i] = (row.methods[i] ?? 0) + n;
  }
  rows.set(source, row);
}

/**
 * Reads the counts after the facts were written: the accounts by what each adds (countedAs: at 190k accounts
 * one property read costs a fifth of reading the five it stands for), a person's presence in each
 * IdP from its posture facet, and the people per MFA gap or role conflict kind from the findings of that kind
 * (an index count).
 */
export async function readTenantCounts(graph: Graph): Promise<TenantCounts> {
  const [row] = await graph.read<{
    accounts: Array<{ countedAs: string; n: number }>;
    people: { people: number; inBoth: number; onlyInEntra: number; onlyInOkta: number };
    findings: Array<{ list: string; kind: string; people: number }>;
  }>(
    `CALL () {
       MATCH (a:Account) WHERE a.countedAs IS NOT NULL
       WITH a.countedAs AS countedAs, count(*) AS n
       RETURN collect({countedAs: countedAs, n: n}) AS accounts
     }
     CALL () {
       MATCH (p:Person)
       RETURN {people: count(p), inBoth: count(CASE WHEN p.inEntra AND p.inOkta THEN 1 END),
               onlyInEntra: count(CASE WHEN p.activeInEntra AND NOT coalesce(p.inOkta, false) THEN 1 END),
               onlyInOkta: count(CASE WHEN p.activeInOkta AND NOT coalesce(p.inEntra, false) THEN 1 END)} AS people
     }
     CALL () {
       UNWIND $buckets AS b
       CALL (b) {
         MATCH (f:PostureFinding) WHERE f.list = b.list AND f.bucket = b.kind AND f.sort IS NOT NULL
         RETURN count(f) AS people
       }
       RETURN collect({list: b.list, kind: b.kind, people: people}) AS findings
     }
     RETURN accounts, people, findings`,
    {
      buckets: [...MFA_GAP_KINDS.map((kind) => ({ list: 'mfaGap', kind })), ...ROLE_CONFLICT_KINDS.map((kind) => ({ list: 'roleConflict', kind }))],
    },
  );
  const bySource = new Map<string, SourceRow>();
  for (const a of row?.accounts ?? []) addCounted(bySource, a.countedAs, a.n);
  const findings = row?.findings ?? [];
  const of = (s: Source): SourceRow => bySource.get(s) ?? { total: 0, active: 0, guests: 0, registered: 0, methods: [] };
  const count = (list: string, kind: string): number => findings.find((f) => f.list === list && f.kind === kind)?.people ?? 0;
  return {
    people: row?.people.people ?? 0,
    accounts: SOURCES.map((source) => {
      const r = of(source);
      return { source, total: r.total, active: r.active, guests: r.guests };
    }),
    // Over active accounts: how many have MFA registered, and per known method (enum order, zeros left out).
    // Both numbers come straight from the providers: Entra's registration report, Okta's factors.
    mfa: SOURCES.map((source): MfaCoverageView => {
      const r = of(source);
      const byMethod = MFA_METHODS.flatMap((method: MfaMethod, i) => {
        const n = r.methods[i] ?? 0;
        return n > 0 ? [{ method, accounts: n }] : [];
      });
      return { source, accounts: r.active, registered: r.registered, ratio: r.active === 0 ? 0 : r.registered / r.active, byMethod, confidence: 'VERIFIED' };
    }),
    inBoth: row?.people.inBoth ?? 0,
    onlyInEntra: row?.people.onlyInEntra ?? 0,
    onlyInOkta: row?.people.onlyInOkta ?? 0,
    mfaGapCounts: MFA_GAP_KINDS.map((kind) => ({ kind, people: count('mfaGap', kind) })),
    roleConflictCounts: ROLE_CONFLICT_KINDS.map((kind) => ({ kind, people: count('roleConflict', kind) })),
  };
}
