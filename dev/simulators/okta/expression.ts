/**
 * The SCIM-like expressions Okta accepts in `search` and `filter`
 * (`status eq "ACTIVE" and profile.department sw "Fin"`), parsed into a tree so each endpoint can
 * both evaluate them and refuse attributes or operators its real counterpart refuses.
 */

export type ComparisonOperator = 'eq' | 'ne' | 'sw' | 'co' | 'gt' | 'ge' | 'lt' | 'le';
export type Literal = string | number | boolean | null;

export type Expression =
  | { kind: 'compare'; attribute: string; operator: ComparisonOperator; value: Literal }
  | { kind: 'present'; attribute: string }
  | { kind: 'and' | 'or'; left: Expression; right: Expression }
  | { kind: 'not'; operand: Expression };

export class ExpressionSyntaxError extends Error {}

type Token =
  | { type: 'word'; text: string }
  | { type: 'string'; text: string }
  | { type: 'open' }
  | { type: 'close' };

const COMPARISON_OPERATORS = new Set<string>(['eq', 'ne', 'sw', 'co', 'gt', 'ge', 'lt', 'le']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '(') {
      tokens.push({ type: 'open' });
      i += 1;
    } else if (ch === ')') {
      tokens.push({ type: 'close' });
      i += 1;
    } else if (ch === '"') {
      let value = '';
      i += 1;
      for (;;) {
        const c = text[i];
        if (c === undefined) throw new ExpressionSyntaxError('Unterminated string literal');
        if (c === '\\') {
          const next = text[i + 1];
          if (next === undefined) throw new ExpressionSyntaxError('Unterminated string literal');
          value += next;
          i += 2;
        } else if (c === '"') {
          i += 1;
          break;
        } else {
          value += c;
          i += 1;
        }
      }
      tokens.push({ type: 'string', text: value });
    } else {
      const match = /^[^\s()"]+/.exec(text.slice(i));
      if (!match) throw new ExpressionSyntaxError(`Unexpected character ${ch}`);
      tokens.push({ type: 'word', text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Expression {
    const expression = this.or();
    if (this.position !== this.tokens.length) throw new ExpressionSyntaxError('Unexpected trailing input');
    return expression;
  }

  private peekWord(): string | undefined {
    const token = this.tokens[this.position];
    return token?.type === 'word' ? token.text.toLowerCase() : undefined;
  }

  private or(): Expression {
    let left = this.and();
    while (this.peekWord() === 'or') {
      this.position += 1;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Expression {
    let left = this.unary();
    while (this.peekWord() === 'and') {
      this.position += 1;
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): Expression {
    if (this.peekWord() === 'not') {
      this.position += 1;
      return { kind: 'not', operand: this.unary() };
    }
    return this.primary();
  }

  private primary(): Expression {
    const token = this.tokens[this.position];
    if (!token) throw new ExpressionSyntaxError('Unexpected end of expression');
    if (token.type === 'open') {
      this.position += 1;
      const inner = this.or();
      if (this.tokens[this.position]?.type !== 'close') throw new ExpressionSyntaxError('Missing )');
      this.position += 1;
      return inner;
    }
    if (token.type !== 'word') throw new ExpressionSyntaxError('Expected an attribute name');
    const attribute = token.text;
    this.position += 1;
    const operator = this.peekWord();
    if (operator === undefined) throw new ExpressionSyntaxError(`Expected an operator after ${attribute}`);
    this.position += 1;
    if (operator === 'pr') return { kind: 'present', attribute };
    if (!COMPARISON_OPERATORS.has(operator)) throw new ExpressionSyntaxError(`Unknown operator ${operator}`);
    return { kind: 'compare', attribute, operator: operator as ComparisonOperator, value: this.literal() };
  }

  private literal(): Literal {
    const token = this.tokens[this.position];
    this.position += 1;
    if (token?.type === 'string') return token.text;
    if (token?.type === 'word') {
      const word = token.text.toLowerCase();
      if (word === 'true') return true;
      if (word === 'false') return false;
      if (word === 'null') return null;
      const number = Number(token.text);
      if (Number.isFinite(number)) return number;
    }
    throw new ExpressionSyntaxError('Expected a value');
  }
}

export function parseExpression(text: string): Expression {
  return new Parser(tokenize(text)).parse();
}

/** Every comparison in the tree, for endpoints that only allow some attributes or operators. */
export function comparisons(expression: Expression): Array<{ attribute: string; operator: ComparisonOperator | 'pr' }> {
  switch (expression.kind) {
    case 'compare':
      return [{ attribute: expression.attribute, operator: expression.operator }];
    case 'present':
      return [{ attribute: expression.attribute, operator: 'pr' }];
    case 'not':
      return comparisons(expression.operand);
    default:
      return [...comparisons(expression.left), ...comparisons(expression.right)];
  }
}

/** Values at a dotted path; arrays fan out, so `target.id eq "x"` matches any target. */
function valuesAt(source: unknown, path: readonly string[]): unknown[] {
  let current: unknown[] = [source];
  for (const key of path) {
    const next: unknown[] = [];
    for (const value of current) {
      if (Array.isArray(value)) {
        for (const item of value) {
          if (item !== null && typeof item === 'object') next.push((item as Record<string, unknown>)[key]);
        }
      } else if (value !== null && typeof value === 'object') {
        next.push((value as Record<string, unknown>)[key]);
      }
    }
    current = next;
  }
  return current.flatMap((value) => (Array.isArray(value) ? (value as unknown[]) : [value]));
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T/;

function order(actual: unknown, expected: Literal): number | undefined {
  if (typeof actual === 'number' && typeof expected === 'number') return actual - expected;
  if (typeof actual === 'string' && typeof expected === 'string') {
    if (ISO_DATE.test(actual) && ISO_DATE.test(expected)) {
      const a = Date.parse(actual);
      const b = Date.parse(expected);
      if (Number.isFinite(a) && Number.isFinite(b)) return a - b;
    }
    const a = actual.toLowerCase();
    const b = expected.toLowerCase();
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return undefined;
}

function compareOne(actual: unknown, operator: ComparisonOperator, expected: Literal): boolean {
  switch (operator) {
    case 'eq':
    case 'ne': {
      // Okta search ignores case in values.
      const equal =
        typeof actual === 'string' && typeof expected === 'string'
          ? actual.toLowerCase() === expected.toLowerCase()
          : (actual ?? null) === expected;
      return operator === 'eq' ? equal : !equal;
    }
    case 'sw':
      return typeof actual === 'string' && typeof expected === 'string' && actual.toLowerCase().startsWith(expected.toLowerCase());
    case 'co':
      return typeof actual === 'string' && typeof expected === 'string' && actual.toLowerCase().includes(expected.toLowerCase());
    default: {
      const difference = order(actual, expected);
      if (difference === undefined) return false;
      if (operator === 'gt') return difference > 0;
      if (operator === 'ge') return difference >= 0;
      if (operator === 'lt') return difference < 0;
      return difference <= 0;
    }
  }
}

export type Predicate = (item: unknown) => boolean;

export function compile(expression: Expression): Predicate {
  switch (expression.kind) {
    case 'compare': {
      const path = expression.attribute.split('.');
      const { operator, value } = expression;
      return (item) => {
        const values = valuesAt(item, path);
        if (values.length === 0) return compareOne(undefined, operator, value);
        return values.some((actual) => compareOne(actual, operator, value));
      };
    }
    case 'present': {
      const path = expression.attribute.split('.');
      return (item) => valuesAt(item, path).some((value) => value !== undefined && value !== null && value !== '');
    }
    case 'not': {
      const operand = compile(expression.operand);
      return (item) => !operand(item);
    }
    case 'and': {
      const left = compile(expression.left);
      const right = compile(expression.right);
      return (item) => left(item) && right(item);
    }
    case 'or': {
      const left = compile(expression.left);
      const right = compile(expression.right);
      return (item) => left(item) || right(item);
    }
  }
}

/** `attr eq "value"` alone, for endpoints that answer it from an index instead of a scan. */
export function singleEquality(expression: Expression): { attribute: string; value: string } | undefined {
  if (expression.kind === 'compare' && expression.operator === 'eq' && typeof expression.value === 'string') {
    return { attribute: expression.attribute, value: expression.value };
  }
  return undefined;
}
