import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecretBox, loadSecretBox } from '../../src/secrets/cipher.js';
import { createLogger } from '../../src/log.js';

describe('credentials at rest', () => {
  const box = new SecretBox(Buffer.alloc(32, 1));

  it('round-trips, with a fresh IV each time, and never stores the plaintext', () => {
    const a = box.seal('my-client-secret', 'ENTRA_ID:credentials');
    const b = box.seal('my-client-secret', 'ENTRA_ID:credentials');
    expect(a).not.toBe(b);
    expect(a).not.toContain('my-client-secret');
    expect(box.open(a, 'ENTRA_ID:credentials')).toBe('my-client-secret');
  });

  it('refuses a value moved to another slot, tampered with, or opened with another key', () => {
    const sealed = box.seal('token', 'OKTA:credentials');
    expect(() => box.open(sealed, 'ENTRA_ID:credentials')).toThrow(/cannot be decrypted/);
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'), 'OKTA:credentials')).toThrow(/cannot be decrypted/);
    expect(() => new SecretBox(Buffer.alloc(32, 2)).open(sealed, 'OKTA:credentials')).toThrow(/cannot be decrypted/);
  });

  it('opens values sealed under a previous key, says they are stale, and seals under the current one', () => {
    const old = new SecretBox(Buffer.alloc(32, 7));
    const sealed = old.seal('s3cret', 'OKTA:credentials');
    const rotated = new SecretBox(Buffer.alloc(32, 8), [Buffer.alloc(32, 7)]);
    expect(rotated.isStale(sealed)).toBe(true);
    expect(rotated.open(sealed, 'OKTA:credentials')).toBe('s3cret');
    const fresh = rotated.seal('s3cret', 'OKTA:credentials');
    expect(rotated.isStale(fresh)).toBe(false);
    expect(new SecretBox(Buffer.alloc(32, 8)).open(fresh, 'OKTA:credentials')).toBe('s3cret');
    // Without the previous key the old value cannot be opened, and the error says what to set.
    expect(() => new SecretBox(Buffer.alloc(32, 8)).open(sealed, 'OKTA:credentials')).toThrow(/TWIN_ENCRYPTION_KEY_PREVIOUS/);
  });

  it('still opens the v1 form (no key id) written before key rotation existed', () => {
    const key = Buffer.alloc(32, 1);
    const v2 = new SecretBox(key).seal('legacy', 'c').split('.');
    const v1 = ['v1', ...v2.slice(2)].join('.');
    expect(new SecretBox(key).open(v1, 'c')).toBe('legacy');
    expect(new SecretBox(key).isStale(v1)).toBe(true);
  });

  it('generates a key once into the data dir with mode 0600 and warns', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'twin-key-'));
    const lines: string[] = [];
    const log = createLogger('warn', { write: (l: string) => lines.push(l) });
    const first = loadSecretBox(undefined, dir, log);
    const second = loadSecretBox(undefined, dir, log);
    expect(second.open(first.seal('x', 'c'), 'c')).toBe('x');
    expect(statSync(path.join(dir, 'encryption.key')).mode & 0o777).toBe(0o600);
    expect(lines.filter((l) => l.includes('TWIN_ENCRYPTION_KEY'))).toHaveLength(1);
  });
});

describe('logs', () => {
  it('redact secrets by key name at any depth', () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (l: string) => lines.push(l) });
    log.info({ clientSecret: 'S1', input: { apiToken: 'S2', nested: { privateKey: 'S3' } }, headers: { authorization: 'Bearer S4' } }, 'configured');
    const out = lines.join('');
    for (const s of ['S1', 'S2', 'S3', 'S4']) expect(out).not.toContain(s);
    expect(out).toContain('[redacted]');
  });
});
