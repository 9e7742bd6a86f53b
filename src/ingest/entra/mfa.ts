/**
 * MFA registration from the bulk report `/reports/authenticationMethods/userRegistrationDetails` (never
 * per-user method calls). The report leaves out disabled users, so cleanup resets everyone the run did
 * not see to "no MFA registered".
 *
 * Method mapping (the contract's MfaMethod): passkeys and fido2 are FIDO2, except
 * passKeyDeviceBoundWindowsHello, which with windowsHelloForBusiness and macOsSecureEnclaveKey is a
 * platform credential and so WINDOWS_HELLO; every Microsoft Authenticator flavour is AUTHENTICATOR_APP;
 * anything unknown (securityQuestion, temporaryAccessPass, appPassword, new values) is OTHER.
 */
import { EntraUserNode } from '../../model/graph.js';
import { MFA_METHODS, type MfaMethod } from '../../model/vocabulary.js';
import { writeFacet, type FacetRow } from '../../model/writes.js';
import type { Resource } from '../resource.js';
import { BUCKET } from './buckets.js';
import type { GraphRegistrationDetails } from './graph-types.js';
import type { EntraKeys } from './keys.js';
import type { EntraSession } from './session.js';

const EXACT: Record<string, MfaMethod> = {
  fido2: 'FIDO2',
  windowshelloforbusiness: 'WINDOWS_HELLO',
  macossecureenclavekey: 'WINDOWS_HELLO',
  passkeydeviceboundwindowshello: 'WINDOWS_HELLO',
  mobilephone: 'PHONE',
  alternatemobilephone: 'PHONE',
  officephone: 'PHONE',
  email: 'EMAIL',
  softwareonetimepasscode: 'SOFTWARE_OTP',
  hardwareonetimepasscode: 'HARDWARE_OTP',
};

export function mfaMethodOf(raw: string): MfaMethod {
  const v = raw.trim().toLowerCase();
  const exact = EXACT[v];
  if (exact) return exact;
  if (v.startsWith('passkey')) return 'FIDO2';
  if (v.startsWith('microsoftauthenticator')) return 'AUTHENTICATOR_APP';
  return 'OTHER';
}

/** Distinct methods in the contract's enum order. */
export function mfaMethodsOf(raw: readonly string[] | null | undefined): MfaMethod[] {
  const found = new Set((raw ?? []).filter((r) => typeof r === 'string' && r.trim() !== '').map(mfaMethodOf));
  return MFA_METHODS.filter((m) => found.has(m));
}

export function transformRegistration(d: GraphRegistrationDetails, keys: EntraKeys): FacetRow<typeof EntraUserNode.facets.mfa> {
  const raw = [...new Set((d.methodsRegistered ?? []).filter((r) => typeof r === 'string' && r.trim() !== ''))];
  return { key: keys.user(d.id), props: { mfaRegistered: d.isMfaRegistered === true, mfaMethods: mfaMethodsOf(raw), mfaRawMethods: raw } };
}

export const REGISTRATION_URL = '/reports/authenticationMethods/userRegistrationDetails';

const writes = {
  // A facet write MATCHes: only accounts the users data set loaded (the report can name users created
  // after that listing).
  mfa: writeFacet(EntraUserNode, 'mfa'),
};

export const mfa: Resource<EntraSession, GraphRegistrationDetails[], typeof writes> = {
  name: 'mfa',
  writes,
  counted: ['mfa'],
  async *pages(session, ctx) {
    const listing = ctx.listing();
    // The report documents no $top: its own page size is the largest it allows.
    yield* session.client.pages<GraphRegistrationDetails>(REGISTRATION_URL, {
      bucket: BUCKET.reports,
      signal: ctx.signal,
      onRestart: () => listing.restart(),
    });
  },
  transform(page, session) {
    const keys = session.keys();
    return { mfa: page.map((d) => transformRegistration(d, keys)) };
  },
};
