/**
 * What a Management API route gets and gives back, plus the query helpers several routes share.
 */
import { oktaError } from '../errors.js';
import type { Expression, Predicate } from '../expression.js';
import { ExpressionSyntaxError, comparisons, compile, parseExpression } from '../expression.js';
import type { OrgIndex } from '../org-index.js';

export interface RouteContext {
  url: URL;
  /** Decoded path parameters, in order. */
  params: string[];
  org: OrgIndex;
  orgUrl: string;
  /** Epoch ms from the simulator's clock. */
  now: number;
  /** `Content-Type: application/json; okta-response=omitCredentials` was sent. */
  omitCredentials: boolean;
}

export interface RouteResult {
  body: unknown;
  /** Present on paged responses: `self` is always written, `next` when given. */
  paging?: { next: Record<string, string | null> | undefined };
}

export interface Route {
  pattern: RegExp;
  /** The OAuth scope (or API-token permission) the route needs. */
  scope: string;
  handle(context: RouteContext): RouteResult | Promise<RouteResult>;
}

export function param(context: RouteContext, index: number): string {
  return context.params[index] ?? '';
}

export interface ExpressionRules {
  /** Attribute -> operators allowed on it; `*` matches any attribute with that prefix (`profile.*`). */
  allowed: Record<string, ReadonlyArray<string>>;
  errorCode: 'E0000031' | 'E0000053';
}

function allowedOperators(rules: ExpressionRules, attribute: string): ReadonlyArray<string> | undefined {
  const exact = rules.allowed[attribute];
  if (exact) return exact;
  for (const [pattern, operators] of Object.entries(rules.allowed)) {
    if (pattern.endsWith('.*') && attribute.startsWith(pattern.slice(0, -1))) return operators;
  }
  return undefined;
}

/** Parses a `search`/`filter` value and refuses what the real endpoint refuses. */
export function parseQueryExpression(text: string, rules: ExpressionRules): { expression: Expression; predicate: Predicate } {
  let expression: Expression;
  try {
    expression = parseExpression(text);
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) throw oktaError(400, rules.errorCode, undefined, [error.message]);
    throw error;
  }
  for (const { attribute, operator } of comparisons(expression)) {
    const operators = allowedOperators(rules, attribute);
    if (!operators || !operators.includes(operator)) {
      throw oktaError(400, rules.errorCode, undefined, [`Operator ${operator} is not supported on ${attribute}.`]);
    }
  }
  return { expression, predicate: compile(expression) };
}

/** Position key of an `after` cursor, or a 400 when the cursor names nothing we know. */
export function cursorKey(after: string | null, keyOf: (cursor: string) => number | undefined): number | undefined {
  if (after === null || after === '') return undefined;
  const key = keyOf(after);
  if (key === undefined) throw oktaError(400, 'E0000054', 'Invalid pagination properties.', [`Unknown after cursor: ${after}`]);
  return key;
}

export function expandsTo(url: URL, value: string): boolean {
  return (url.searchParams.get('expand') ?? '').split(',').map((part) => part.trim()).includes(value);
}
