/**
 * Typed documents for the operations the tests (and frontends) send, generated from the committed
 * schema: `npm run codegen`. A test fails when test/generated/operations.ts is stale.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['test/operations/*.graphql'],
  generates: {
    // TWIN_CODEGEN_OUT lets the staleness test generate elsewhere and compare.
    [process.env.TWIN_CODEGEN_OUT ?? 'test/generated/operations.ts']: {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        scalars: { DateTime: 'string' },
        useTypeImports: true,
        skipTypename: true,
      },
    },
  },
  hooks: {},
  silent: true,
};

export default config;
