/**
 * Query cost limits, enforced after parsing and before any resolver (so before any Cypher):
 * graphql-armor's depth, alias and token limits as validation rules, and a schema-aware complexity
 * estimate where a list multiplies its items' cost by the most items it can hold: `first` for a paged list,
 * the cap its read is cut with for the others (list-bounds.ts). The estimate is then a bound on the work,
 * not a guess: a query at the limit with every list full is what the server is sized for.
 */
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError, Kind, getNamedType, getNullableType, getVariableValues, isIntrospectionType, isLeafType, isListType, isObjectType,
  type DocumentNode, type GraphQLNamedType, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import type { ApiRole } from '../config.js';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { RequestContext } from './context.js';
import { ANALYST_MUTATIONS, forbidden } from './auth.js';
import { firstOutOfRange } from './arguments.js';
import { declaredBound } from './list-bounds.js';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxComplexity: number;
  maxPageSize: number;
}

/**
 * maxComplexity: about one unit per value a response can hold, each object counted at least at its width.
 * Measured on this 2-core machine with every list of the query full (test/api/hostile.test.ts, 20,000 people):
 * 150 groups × 500 members, 975,000, answers in about 4 s with the API process at 264 MiB at its peak. The
 * default explorer pages (relations.resolver.ts) keep a page of 100 people with all their edges at 710,000.
 */
export const DEFAULT_LIMITS: Omit<QueryLimits, 'maxPageSize'> = {
  maxDepth: 12,
  maxAliases: 20,
  maxTokens: 3000,
  maxComplexity: 1_000_000,
};

export function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });
}

function badPage(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field: 'first', http: { status: 400 } } });
}

/**
 * The values an object of this type carries: its leaf fields. A read projects the whole view, so an object
 * costs most of its width to read, decode and hold whatever the query selects of it (measured end to end:
 * 41 µs an account with 3 of its 13 fields asked, 73 µs with all 13).
 */
function widthOf(type: GraphQLNamedType, widths: Map<GraphQLNamedType, number>): number {
  let width = widths.get(type);
  if (width === undefined) {
    width = isObjectType(type) ? Object.values(type.getFields()).filter((f) => isLeafType(getNamedType(f.type))).length : 0;
    widths.set(type, width);
  }
  return width;
}

/**
 * The cost of a field that returns objects: 1 + items × the cost of one, an object costing what is asked of
 * it or its width (widthOf), whichever is more. Items are `first` on a paged field (a connection's too: its
 * edges then count once), the declared cap on a capped list, 1 for a single object, and a full page
 * (maxPageSize) on an object list that declares nothing, which the schema test does not let through.
 * Scalars, enums and their lists are one value each (simpleEstimator), and so are the introspection types'
 * fields: the schema's own description, as long as the schema is.
 */
function objectEstimator(maxPageSize: number): ComplexityEstimator {
  const widths = new Map<GraphQLNamedType, number>();
  return ({ type, field, args, childComplexity }) => {
    if (isIntrospectionType(type)) return undefined;
    const first: unknown = args.first;
    const perItem = Math.max(1, childComplexity, widthOf(getNamedType(field.type), widths));
    if (typeof first === 'number') {
      const problem = firstOutOfRange(first, maxPageSize);
      // The contract's paged lists (first and offset) refuse a larger first with BAD_USER_INPUT.
      if (problem !== null && field.args.some((a) => a.name === 'offset')) throw badPage(`${problem} (${field.name} asked for ${first})`);
      if (problem !== null) throw tooComplex(`${problem} (${field.name} asked for ${first})`);
      return 1 + first * perItem;
    }
    if (isLeafType(getNamedType(field.type))) return undefined;
    if (!isListType(getNullableType(field.type))) return 1 + perItem;
    const bound = declaredBound(field);
    const items = bound === 'page' ? 1 : bound ?? maxPageSize;
    return 1 + items * perItem;
  };
}

/** The estimators the operation guard uses, in order (exported for the tests that price known documents). */
export function complexityEstimators(maxPageSize: number): ComplexityEstimator[] {
  return [objectEstimator(maxPageSize), simpleEstimator({ defaultComplexity: 1 })];
}

export function armorProtection(limits: QueryLimits) {
  return new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases },
    // Tokens are capped by the parser itself (parseOptions.maxTokens in server.ts): armor's token rule
    // re-parses during validation and surfaces only "Validation aborted.".
    maxTokens: { enabled: false },
    maxDirectives: { n: 20 },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  }).protect();
}

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
}

/** The root field names an operation selects (through inline fragments too; named fragments by name). */
function rootFields(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, OperationDefinitionNode['selectionSet']>): string[] {
  const out: string[] = [];
  const walk = (set: OperationDefinitionNode['selectionSet'], seen: Set<string>): void => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) out.push(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet, seen);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        const f = fragments.get(s.name.value);
        if (f) walk(f, seen);
      }
    }
  };
  walk(operation.selectionSet, new Set());
  return out;
}

function fragmentsOf(document: DocumentNode): Map<string, OperationDefinitionNode['selectionSet']> {
  return new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])));
}

/** The first root field the role may not run (analysts: queries and the analyst corrections), if any. */
export function refusedField(operation: OperationDefinitionNode, document: DocumentNode, role: ApiRole): string | undefined {
  if (operation.operation === 'query' || role === 'admin') return undefined;
  return rootFields(operation, fragmentsOf(document)).find((f) => operation.operation !== 'mutation' || !ANALYST_MUTATIONS.has(f));
}

/**
 * Decided before execution, so before any Cypher: which operation runs, whether the caller's role may
 * run it (analysts: queries and the contract's analyst corrections), whether its variables are valid
 * (a client mistake is BAD_USER_INPUT, not a server fault), the `first` cap and the complexity.
 */
export function operationGuard(schema: GraphQLSchema, limits: QueryLimits): ApolloServerPlugin<RequestContext> {
  const estimators = complexityEstimators(limits.maxPageSize);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, contextValue }) {
          if (!operation) {
            throw badInput(request.operationName ? `the document has no operation named ${request.operationName}` : 'the document has several operations: name the one to run (operationName)');
          }
          const fragments = fragmentsOf(document);
          // The posture is the most expensive read: one per operation, however it is aliased.
          if (rootFields(operation, fragments).filter((f) => f === 'identityPosture').length > 1) {
            throw tooComplex('ask for identityPosture once per operation (aliases included)');
          }
          const refused = refusedField(operation, document, contextValue.role);
          if (refused !== undefined) {
            contextValue.log.warn({ field: refused }, 'refused: this key\'s role may not run it');
            throw forbidden(contextValue.role, refused);
          }
          const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}, { maxErrors: 1 });
          if (coerced.errors) throw badInput(coerced.errors[0]?.message ?? 'invalid variables');
          const complexity = getComplexity({
            schema,
            query: document,
            variables: coerced.coerced,
            ...(request.operationName ? { operationName: request.operationName } : {}),
            estimators,
          });
          if (complexity > limits.maxComplexity) {
            throw tooComplex(`query complexity ${complexity} exceeds the limit of ${limits.maxComplexity}; ask for fewer items (first) or fewer nested lists`);
          }
        },
      };
    },
  };
}
