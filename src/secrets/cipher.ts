/**
 * Credentials at rest: AES-256-GCM with a random 96-bit IV per value. The stored form is
 * `v2.<keyId>.<iv>.<tag>.<ciphertext>` (base64url; `v1` values, without a key id, still open).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log.js';
import { TwinError } from '../errors.js';

/** A short public id of a key (not a secret): which key sealed a value, so rotation knows what to re-seal. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * Seals with the current key; opens with the current key or a previous one (TWIN_ENCRYPTION_KEY_PREVIOUS),
 * so the key can be rotated without re-entering credentials: values sealed under a previous key are
 * re-sealed under the current one at start-up (IntegrationConfigStore.reseal).
 */
export class SecretBox {
  private readonly current: { id: string; key: Buffer };
  private readonly keys: ReadonlyArray<{ id: string; key: Buffer }>;

  constructor(key: Buffer, previous: readonly Buffer[] = []) {
    for (const k of [key, ...previous]) if (k.length !== 32) throw new Error('SecretBox needs 32-byte keys');
    this.current = { id: keyId(key), key };
    this.keys = [this.current, ...previous.map((k) => ({ id: keyId(k), key: k }))];
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    // The context (e.g. "entra:clientSecret") is authenticated: a value cannot be swapped to another slot.
    cipher.setAAD(Buffer.from(context));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ct].map((p) => p.toString('base64url'));
    return ['v2', this.current.id, ...parts].join('.');
  }

  /** Whether a sealed value is under another key than the current one (or the older v1 form). */
  isStale(sealed: string): boolean {
    const [version, id] = sealed.split('.');
    return version !== 'v2' || id !== this.current.id;
  }

  open(sealed: string, context: string): string {
    const parts = sealed.split('.');
    // v1.<iv>.<tag>.<ct> carried no key id; v2.<keyId>.<iv>.<tag>.<ct> does.
    const [version] = parts;
    const [id, iv, tag, ct] = version === 'v2' ? parts.slice(1) : [undefined, ...parts.slice(1)];
    if ((version !== 'v1' && version !== 'v2') || !iv || !tag || ct === undefined) {
      throw new TwinError('INTERNAL', 'stored credential has an unknown format; configure the integration again');
    }
    const candidates = id === undefined ? this.keys : this.keys.filter((k) => k.id === id);
    for (const { key } of candidates) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        // Tampered, another slot, or another key: try the next candidate.
      }
    }
    throw new TwinError(
      'INTERNAL',
      'stored credential cannot be decrypted with the current encryption key (TWIN_ENCRYPTION_KEY changed? set the old one as TWIN_ENCRYPTION_KEY_PREVIOUS); configure the integration again',
    );
  }
}

const KEY_FILE = 'encryption.key';

/**
 * The key from TWIN_ENCRYPTION_KEY, or one generated once into the data dir (mode 0600). The generated
 * key protects against a leaked database dump, not against someone who can read the data dir.
 */
export function loadSecretBox(envKey: Buffer | undefined, dataDir: string, log: Logger, previous: readonly Buffer[] = []): SecretBox {
  if (envKey) return new SecretBox(envKey, previous);
  const file = path.join(dataDir, KEY_FILE);
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
    chmodSync(file, 0o600);
    return new SecretBox(key, previous);
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  log.warn({ file }, 'TWIN_ENCRYPTION_KEY is not set: generated an encryption key for stored credentials; set TWIN_ENCRYPTION_KEY in production and keep it out of the database backups');
  return new SecretBox(key, previous);
}
