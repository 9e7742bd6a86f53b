/**
 * Query cost limits, enforced after parsing and before any resolver (so before any Cypher):
 * graphql-armor's depth, alias and token limits as validation rules, and a schema-aware complexity
 * estimate where list fields multiply their children's cost by `first` (or an assumed fan-out).
 */
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, getNullableType, getVariableValues, isListType, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { ApiRole } from '../config.js';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { RequestContext } from './context.js';
import { ANALYST_MUTATIONS, forbidden } from './auth.js';
import { firstOutOfRange } from './arguments.js';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxComplexity: number;
  maxPageSize: number;
}

export const DEFAULT_LIMITS: Omit<QueryLimits, 'maxPageSize'> = {
  maxDepth: 12,
  maxAliases: 20,
  maxTokens: 3000,
  maxComplexity: 1_000_000,
};

/** Lists without a `first` argument (a person's accounts, an account's groups) are assumed this long. */
const ASSUMED_LIST_LENGTH = 5;

export function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });
}

function badPage(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field: 'first', http: { status: 400 } } });
}

function listEstimator(maxPageSize: number): ComplexityEstimator {
  return ({ field, args, childComplexity }) => {
    const first = args.first as unknown;
    if (typeof first === 'number') {
      const problem = firstOutOfRange(first, maxPageSize);
      // The contract's paged lists (first and offset) refuse a larger first with BAD_USER_INPUT.
      if (problem !== null && field.args.some((a) => a.name === 'offset')) throw badPage(`${problem} (${field.name} asked for ${first})`);
      if (problem !== null) throw tooComplex(`${problem} (${field.name} asked for ${first})`);
      return 1 + first * Math.max(1, childComplexity);
    }
    if (isListType(getNullableType(field.type))) return 1 + ASSUMED_LIST_LENGTH * Math.max(1, childComplexity);
    return undefined;
  };
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
  const estimators = [listEstimator(limits.maxPageSize), simpleEstimator({ defaultComplexity: 1 })];
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
