/**
 * Identifiers in each provider's own look, drawn from the seeded PRNG: Graph GUIDs, Okta's
 * 20-character ids with their type prefixes, base64 immutable ids, opaque role assignment ids.
 */
import { flat } from './flat-string.js';
import type { Rng } from './random.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A version-4 GUID, lower-case, as Graph writes object ids. */
export function guid(rng: Rng): string {
  const a = rng.next();
  const b = (rng.next() & 0xffff0fff) | 0x4000;
  const c = ((rng.next() & 0x3fffffff) | 0x80000000) >>> 0;
  const d = rng.next();
  return flat
    .start()
    .hex(a, 8)
    .char(45)
    .hex(b >>> 16, 4)
    .char(45)
    .hex(b, 4)
    .char(45)
    .hex(c >>> 16, 4)
    .char(45)
    .hex(c, 4)
    .hex(d, 8)
    .end();
}

function alnum(rng: Rng, length: number, alphabet: string): string {
  const writer = flat.start();
  for (let i = 0; i < length; i++) writer.char(alphabet.charCodeAt(rng.int(alphabet.length)));
  return writer.end();
}

/**
 * An Okta object id: a 3-character type prefix (`00u` users, `00g` groups, `0oa` apps, `opf`
 * push factors...), random characters, and the org's 3-character suffix; 20 characters in all.
 */
export function oktaId(rng: Rng, prefix: string, orgSuffix: string): string {
  const writer = flat.start().text(prefix);
  const body = 20 - prefix.length - orgSuffix.length;
  for (let i = 0; i < body; i++) writer.char(ALNUM.charCodeAt(rng.int(62)));
  return writer.text(orgSuffix).end();
}

/** Random alphanumerics: Okta request ids, session ids, secret hints. */
export function token(rng: Rng, length: number): string {
  return alnum(rng, length, ALNUM);
}

/** Base64 of 16 random bytes: how an AD objectGUID looks as onPremisesImmutableId. */
export function base64Guid(rng: Rng): string {
  const bytes = [rng.next(), rng.next(), rng.next(), rng.next()];
  const writer = flat.start();
  // 16 bytes = 5 full 3-byte groups + 1 byte (two chars and "==").
  const byteAt = (i: number): number => ((bytes[i >> 2] ?? 0) >>> ((3 - (i & 3)) * 8)) & 255;
  for (let i = 0; i < 15; i += 3) {
    const n = (byteAt(i) << 16) | (byteAt(i + 1) << 8) | byteAt(i + 2);
    writer
      .char(BASE64.charCodeAt((n >>> 18) & 63))
      .char(BASE64.charCodeAt((n >>> 12) & 63))
      .char(BASE64.charCodeAt((n >>> 6) & 63))
      .char(BASE64.charCodeAt(n & 63));
  }
  const last = byteAt(15);
  return writer
    .char(BASE64.charCodeAt(last >>> 2))
    .char(BASE64.charCodeAt((last & 3) << 4))
    .text('==')
    .end();
}

/** Opaque base64url text, e.g. role assignment ids ("lAPpYvVpN0KRkAEhdxReEMmO4KwRqtpKkUWt3wOYIz4-1"). */
export function opaque(rng: Rng, length: number, suffix = ''): string {
  const writer = flat.start();
  for (let i = 0; i < length; i++) writer.char(BASE64URL.charCodeAt(rng.int(64)));
  return writer.text(suffix).end();
}

/** An on-premises SID for a synced account: S-1-5-21-{domain}-{rid}. */
export function sid(domainPart: string, rid: number): string {
  return flat.start().text('S-1-5-21-').text(domainPart).char(45).digits(rid, String(rid).length).end();
}
