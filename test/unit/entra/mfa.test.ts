import { describe, expect, it } from 'vitest';
import { mfaMethodOf, mfaMethodsOf, transformRegistration } from '../../../src/ingest/entra/mfa.js';
import { keys, TID } from './support.js';

describe('mfaMethodOf', () => {
  it.each([
    ['fido2', 'FIDO2'],
    ['passKeyDeviceBound', 'FIDO2'],
    ['passKeyDeviceBoundAuthenticator', 'FIDO2'],
    ['passKeySynced', 'FIDO2'],
    ['passKeyDeviceBoundWindowsHello', 'WINDOWS_HELLO'],
    ['windowsHelloForBusiness', 'WINDOWS_HELLO'],
    ['macOsSecureEnclaveKey', 'WINDOWS_HELLO'],
    ['microsoftAuthenticatorPush', 'AUTHENTICATOR_APP'],
    ['microsoftAuthenticatorPasswordless', 'AUTHENTICATOR_APP'],
    ['mobilePhone', 'PHONE'],
    ['alternateMobilePhone', 'PHONE'],
    ['officePhone', 'PHONE'],
    ['email', 'EMAIL'],
    ['softwareOneTimePasscode', 'SOFTWARE_OTP'],
    ['hardwareOneTimePasscode', 'HARDWARE_OTP'],
    ['securityQuestion', 'OTHER'],
    ['temporaryAccessPass', 'OTHER'],
    ['appPassword', 'OTHER'],
    ['externalAuthenticationMethod', 'OTHER'],
    ['quantumEntangledToken', 'OTHER'],
  ])('%s -> %s', (raw, method) => {
    expect(mfaMethodOf(raw)).toBe(method);
  });

  it('is case-insensitive', () => {
    expect(mfaMethodOf('FIDO2')).toBe('FIDO2');
    expect(mfaMethodOf('MobilePhone')).toBe('PHONE');
  });
});

describe('transformRegistration', () => {
  it('deduplicates methods in the contract order and keeps the raw values', () => {
    const row = transformRegistration(
      { id: 'ABC', isMfaRegistered: true, methodsRegistered: ['mobilePhone', 'fido2', 'officePhone', 'passKeySynced', 'securityQuestion', ''] },
      keys,
    );
    expect(row).toEqual({
      key: `entra:${TID}:abc`,
      props: {
        mfaRegistered: true,
        mfaMethods: ['FIDO2', 'PHONE', 'OTHER'],
        mfaRawMethods: ['mobilePhone', 'fido2', 'officePhone', 'passKeySynced', 'securityQuestion'],
      },
    });
  });

  it('reads a missing list and flag as nothing registered', () => {
    expect(transformRegistration({ id: 'x', isMfaRegistered: null, methodsRegistered: null }, keys)).toMatchObject({ props: { mfaRegistered: false, mfaMethods: [], mfaRawMethods: [] } });
    expect(mfaMethodsOf(undefined)).toEqual([]);
  });
});
