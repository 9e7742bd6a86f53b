/** A user's Okta factors → FactorNode rows and the user's MFA summary (contract: MfaMethod, MfaCoverage). */
import type { FactorNode } from '../../model/graph.js';
import { MFA_METHODS, type MfaMethod } from '../../model/vocabulary.js';
import type { NodeRow } from '../../model/writes.js';
import type { OktaKeys } from './keys.js';
import { str, type JsonObject } from './wire.js';

const METHOD_BY_FACTOR_TYPE: Readonly<Record<string, MfaMethod>> = {
  push: 'AUTHENTICATOR_APP',
  signed_nonce: 'AUTHENTICATOR_APP',
  webauthn: 'FIDO2',
  u2f: 'FIDO2',
  sms: 'PHONE',
  call: 'PHONE',
  email: 'EMAIL',
  'token:software:totp': 'SOFTWARE_OTP',
  'token:hardware': 'HARDWARE_OTP',
  token: 'HARDWARE_OTP',
  'token:hotp': 'HARDWARE_OTP',
};

/** The contract's method for an Okta factorType; question, web (Duo) and unknown types are OTHER. */
export function factorMethod(factorType: string | null): MfaMethod {
  return (factorType && METHOD_BY_FACTOR_TYPE[factorType.toLowerCase()]) || 'OTHER';
}

export type FactorRow = NodeRow<typeof FactorNode>;

export interface MfaSummary {
  /** At least one ACTIVE factor other than a security question. */
  mfaRegistered: boolean;
  /** Methods of ACTIVE factors, deduplicated, in the contract's order. */
  mfaMethods: MfaMethod[];
}

export function transformFactors(userId: string, factors: readonly JsonObject[], keys: OktaKeys): { rows: FactorRow[]; mfa: MfaSummary } {
  const rows: FactorRow[] = [];
  const methods = new Set<MfaMethod>();
  let registered = false;
  for (const f of factors) {
    const id = str(f.id);
    if (!id) continue;
    const factorType = str(f.factorType);
    const status = str(f.status);
    const method = factorMethod(factorType);
    rows.push({ key: keys.factor(userId, id), props: { externalId: id, factorType, provider: str(f.provider), status, method } });
    if (status === 'ACTIVE') {
      methods.add(method);
      if (factorType !== 'question') registered = true;
    }
  }
  return { rows, mfa: { mfaRegistered: registered, mfaMethods: MFA_METHODS.filter((m) => methods.has(m)) } };
}
