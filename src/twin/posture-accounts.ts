/**
 * IdentityPosture.accounts and .mfa: totals and MFA coverage per source, computed from every account's
 * view when the posture facts are refreshed (posture-facts.ts reads them all anyway), so no request and
 * no extra statement scans the accounts.
 */
import type { AccountTotalsView, AccountView, MfaCoverageView } from './views.js';
import { MFA_METHODS, SOURCES } from '../model/vocabulary.js';

export function accountTotals(accounts: readonly AccountView[]): AccountTotalsView[] {
  return SOURCES.map((source) => {
    const mine = accounts.filter((a) => a.source === source);
    return {
      source,
      total: mine.length,
      active: mine.filter((a) => a.active).length,
      guests: mine.filter((a) => a.source === 'ENTRA_ID' && a.userType === 'Guest').length,
    };
  });
}

/**
 * Over active accounts: how many have MFA registered, and per known method how many have it (an account
 * counts once per method; unknown values are ignored). Methods in the enum's order, zeros left out.
 */
export function mfaCoverage(accounts: readonly AccountView[]): MfaCoverageView[] {
  return SOURCES.map((source): MfaCoverageView => {
    const active = accounts.filter((a) => a.source === source && a.active);
    const registered = active.filter((a) => a.mfaRegistered).length;
    const byMethod = MFA_METHODS.flatMap((method) => {
      const n = active.filter((a) => a.mfaMethods.includes(method)).length;
      return n > 0 ? [{ method, accounts: n }] : [];
    });
    // Both numbers come straight from the providers: Entra's registration report, Okta's factors.
    return { source, accounts: active.length, registered, ratio: active.length === 0 ? 0 : registered / active.length, byMethod, confidence: 'VERIFIED' };
  });
}
