/** A small GraphQL client over fetch: typed documents from codegen, the API key from session storage. */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

const KEY = 'twin.apiKey';

/** The key lives in session storage only: gone when the tab closes, never in localStorage. */
export const apiKey = {
  get: (): string | null => sessionStorage.getItem(KEY),
  set: (key: string): void => sessionStorage.setItem(KEY, key),
  clear: (): void => sessionStorage.removeItem(KEY),
};

export class ApiError extends Error {
  constructor(message: string, readonly code: string | undefined, readonly providerCode?: string) {
    super(message);
  }
}

const printed = new WeakMap<object, string>();

export async function gql<T, V>(doc: TypedDocumentNode<T, V>, variables?: V, key: string | null = apiKey.get()): Promise<T> {
  let query = printed.get(doc);
  if (query === undefined) {
    query = print(doc);
    printed.set(doc, query);
  }
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError('The API cannot be reached. Is the server running?', 'NETWORK');
  }
  let body: { data?: T | null; errors?: Array<{ message: string; extensions?: { code?: string; providerCode?: string } }> };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new ApiError(`The API answered HTTP ${res.status} without JSON.`, 'BAD_RESPONSE');
  }
  const err = body.errors?.[0];
  if (err) throw new ApiError(err.message, err.extensions?.code, err.extensions?.providerCode);
  if (!body.data) throw new ApiError('The API answered without data.', 'BAD_RESPONSE');
  return body.data;
}

export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'UNAUTHENTICATED') return 'This API key was refused: it is not one of the server\'s keys (check TWIN_API_KEYS).';
    if (err.code === 'FORBIDDEN') return `Not allowed with this key: ${err.message}`;
    if (err.code === 'RATE_LIMITED') return 'Too many requests with this key; wait a minute and try again.';
    return err.code ? `${err.message} (${err.code}${err.providerCode ? `, ${err.providerCode}` : ''})` : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
