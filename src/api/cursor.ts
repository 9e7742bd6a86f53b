/** Opaque cursors: base64url of the sort key of the last row, so paging is stable under inserts. */
import { badInput } from '../errors.js';

export function encodeCursor(key: Array<string | number | null>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, arity: number): Array<string | number | null> | null {
  if (cursor === null || cursor === undefined) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === arity) return v as Array<string | number | null>;
  } catch {
    // fall through to the error below
  }
  throw badInput('after is not a cursor this API returned', 'after');
}
