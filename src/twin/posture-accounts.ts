/** IdentityPosture.accounts and .mfa: totals and MFA coverage per source. */
import type { Graph } from '../neo4j/driver.js';
import type { AccountTotalsView, MfaCoverageView } from './views.js';
import { MFA_METHODS, SOURCES, type MfaMethod } from '../model/vocabulary.js';

export async function accountTotals(graph: Graph): Promise<AccountTotalsView[]> {
  const rows = await graph.read<AccountTotalsView>(
    `MATCH (a:Account)
     RETURN a.source AS source, count(*) AS total,
            count(CASE WHEN a.active = true THEN 1 END) AS active,
            count(CASE WHEN a:EntraUser AND a.userType = 'Guest' THEN 1 END) AS guests`,
  );
  return SOURCES.map((source) => rows.find((r) => r.source === source) ?? { source, total: 0, active: 0, guests: 0 });
}

const ALL = '*';

/**
 * One pass over active accounts: each contributes one `*` row (the account count, and whether MFA is
 * registered) and one row per distinct known method in mfaMethods.
 */
export async function mfaCoverage(graph: Graph): Promise<MfaCoverageView[]> {
  const rows = await graph.read<{ source: string; method: string; accounts: number; registered: number }>(
    `MATCH (a:Account) WHERE a.active = true
     WITH a, [m IN $methods WHERE m IN coalesce(a.mfaMethods, [])] + [$all] AS methods
     UNWIND methods AS method
     RETURN a.source AS source, method, count(*) AS accounts,
            count(CASE WHEN a.mfaRegistered = true THEN 1 END) AS registered`,
    { methods: [...MFA_METHODS], all: ALL },
  );
  return SOURCES.map((source): MfaCoverageView => {
    const mine = rows.filter((r) => r.source === source);
    const all = mine.find((r) => r.method === ALL);
    const accounts = all?.accounts ?? 0;
    const registered = all?.registered ?? 0;
    const byMethod = MFA_METHODS.flatMap((method: MfaMethod) => {
      const n = mine.find((r) => r.method === method)?.accounts ?? 0;
      return n > 0 ? [{ method, accounts: n }] : [];
    });
    // Both numbers come straight from the providers: Entra's registration report, Okta's factors.
    return { source, accounts, registered, ratio: accounts === 0 ? 0 : registered / accounts, byMethod, confidence: 'VERIFIED' };
  });
}
