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
import { MFA_METHODS, type MfaMethod } from '../../model/vocabulary.js';
import type { DataSet, DataSetContext } from '../data-set.js';
import { BUCKET, type EntraEnv } from './env.js';
import type { GraphRegistrationDetails } from './graph-types.js';
import type { EntraKeys } from './keys.js';
import { ListingCount } from './listing-count.js';
import { notSeen } from '../stamps.js';

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

export interface MfaRow {
  key: string;
  registered: boolean;
  methods: MfaMethod[];
  raw: string[];
}

export function transformRegistration(d: GraphRegistrationDetails, keys: EntraKeys): MfaRow {
  const raw = [...new Set((d.methodsRegistered ?? []).filter((r) => typeof r === 'string' && r.trim() !== ''))];
  return { key: keys.user(d.id), registered: d.isMfaRegistered === true, methods: mfaMethodsOf(raw), raw };
}

export const REGISTRATION_URL = '/reports/authenticationMethods/userRegistrationDetails';

// Only accounts the users data set loaded: the report can name users created after that listing.
const UPDATE = `
UNWIND $rows AS row
MATCH (u:Account {key: row.key}) WHERE u:EntraUser
SET u.mfaRegistered = row.registered, u.mfaMethods = row.methods, u.mfaRawMethods = row.raw, u.mfaRunId = $runId`;

export const MFA_CLEANUP = [
  `MATCH (u:Account {integration: $integration}) WHERE u:EntraUser AND ${notSeen('u', 'mfaRunId')}
   CALL { WITH u SET u.mfaRegistered = false, u.mfaMethods = [], u.mfaRawMethods = [], u.mfaRunId = $runId } IN TRANSACTIONS OF 5000 ROWS`,
];

export function mfaDataSet(env: EntraEnv): DataSet {
  return {
    name: 'mfa',
    cleanup: MFA_CLEANUP,
    async run(ctx: DataSetContext): Promise<void> {
      const keys = env.keys();
      const writer = ctx.writer<MfaRow>(UPDATE, { counted: false });
      const counted = new ListingCount(ctx);
      // The report documents no $top: its own page size is the largest it allows.
      const pages = env.client.pages<GraphRegistrationDetails>(REGISTRATION_URL, {
        bucket: BUCKET.reports,
        signal: ctx.signal,
        onRestart: () => counted.restart(),
      });
      for await (const page of pages) {
        await writer.addAll(page.map((d) => transformRegistration(d, keys)));
        counted.add(page.length);
      }
      await writer.flush();
    },
  };
}
