import { describe, expect, it } from 'vitest';
import { validateEntraConfig } from '../../../src/ingest/entra/validate.js';
import { TwinError } from '../../../src/errors.js';

const ok = { tenantId: '72F988BF-86F1-41AF-91AB-2D7CD011DB47', clientId: 'a3c5e7f9-1b3d-4f5a-8c7e-0d2f4a6b8c10', clientSecret: ' s3cr~et.value ' };

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TwinError);
    expect((err as TwinError).code).toBe('BAD_USER_INPUT');
    return (err as TwinError).details?.field as string;
  }
  throw new Error('expected a BAD_USER_INPUT error');
}

describe('validateEntraConfig', () => {
  it('accepts a tenant GUID and stores normalized values, the secret only as a credential', () => {
    const v = validateEntraConfig(ok);
    expect(v).toEqual({
      tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      clientId: 'a3c5e7f9-1b3d-4f5a-8c7e-0d2f4a6b8c10',
      settings: {},
      credentials: { clientSecret: 's3cr~et.value' },
    });
  });

  it('accepts a verified domain as the tenant', () => {
    expect(validateEntraConfig({ ...ok, tenantId: 'Contoso.onmicrosoft.com' }).tenant).toBe('contoso.onmicrosoft.com');
    expect(validateEntraConfig({ ...ok, tenantId: 'acme-corp.com' }).tenant).toBe('acme-corp.com');
  });

  it.each([
    ['', 'tenantId'],
    ['common', 'tenantId'],
    ['not a tenant', 'tenantId'],
    ['contoso', 'tenantId'],
    ['72f988bf-86f1-41af-91ab', 'tenantId'],
  ])('rejects tenant %j', (tenantId, field) => {
    expect(fieldOf(() => validateEntraConfig({ ...ok, tenantId }))).toBe(field);
  });

  it('rejects a client id that is not a GUID', () => {
    expect(fieldOf(() => validateEntraConfig({ ...ok, clientId: 'my-app' }))).toBe('clientId');
  });

  it('rejects an empty secret and a secret id pasted instead of the value, without echoing it', () => {
    expect(fieldOf(() => validateEntraConfig({ ...ok, clientSecret: '   ' }))).toBe('clientSecret');
    const secretId = '0c9d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f';
    try {
      validateEntraConfig({ ...ok, clientSecret: secretId });
      expect.unreachable();
    } catch (err) {
      expect((err as TwinError).details?.field).toBe('clientSecret');
      expect((err as Error).message).not.toContain(secretId);
    }
  });
});
