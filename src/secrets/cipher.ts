/**
 * Credentials at rest: AES-256-GCM with a random 96-bit IV per value. The stored form is
 * `v1.<iv>.<tag>.<ciphertext>` (base64url), so a future key or algorithm change can be told apart.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log.js';
import { TwinError } from '../errors.js';

export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    // The context (e.g. "entra:clientSecret") is authenticated: a value cannot be swapped to another slot.
    cipher.setAAD(Buffer.from(context));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), ct].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  open(sealed: string, context: string): string {
    const [version, iv, tag, ct] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || ct === undefined) {
      throw new TwinError('INTERNAL', 'stored credential has an unknown format; configure the integration again');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new TwinError(
        'INTERNAL',
        'stored credential cannot be decrypted with the current encryption key (TWIN_ENCRYPTION_KEY changed?); configure the integration again',
      );
    }
  }
}

const KEY_FILE = 'encryption.key';

/**
 * The key from TWIN_ENCRYPTION_KEY, or one generated once into the data dir (mode 0600). The generated
 * key protects against a leaked database dump, not against someone who can read the data dir.
 */
export function loadSecretBox(envKey: Buffer | undefined, dataDir: string, log: Logger): SecretBox {
  if (envKey) return new SecretBox(envKey);
  const file = path.join(dataDir, KEY_FILE);
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
    chmodSync(file, 0o600);
    return new SecretBox(key);
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  log.warn({ file }, 'TWIN_ENCRYPTION_KEY is not set: generated an encryption key for stored credentials; set TWIN_ENCRYPTION_KEY in production and keep it out of the database backups');
  return new SecretBox(key);
}
