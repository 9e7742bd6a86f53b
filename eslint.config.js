// Lint: the TypeScript recommendations plus the rules this codebase leans on (no `any`, layering), and two
// type-aware rules (no floating or misused promises) run with the type checker on the TypeScript files.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const DEV_PACKAGE = { group: ['**/dev/**', '**/dev'], message: 'src/ is the product: it must not import the development package (dev/).' };

/** A layer of src/ that must not import the given sibling folders (nor dev/). */
function layer(files, forbidden) {
  const patterns = forbidden.map((dir) => ({ group: [`**/${dir}/**`, `../${dir}`, `../../${dir}`], message: `${files} must not import src/${dir} (dependencies flow one way; see docs/architecture.md).` }));
  return [{ files: [files], rules: { 'no-restricted-imports': ['error', { patterns: [DEV_PACKAGE, ...patterns] }] } }];
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'console/dist/', 'console/src/generated/', 'test/generated/', 'tools/neo4j/lib/', 'tools/neo4j/classes/', '.data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', fetch: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', structuredClone: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', queueMicrotask: 'readonly', performance: 'readonly', setImmediate: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    // A promise nobody awaits or catches, or one handed to a callback whose result is ignored (an Express
    // handler, an event listener), loses its rejection. Both rules need types: typed linting through the
    // project service (tsconfig.json), so only TypeScript files are parsed that way.
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // The admin console runs in the browser: its globals, and the same promise rules for its .tsx files.
    files: ['console/src/**/*.ts', 'console/src/**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { window: 'readonly', document: 'readonly', sessionStorage: 'readonly', Response: 'readonly', HTMLDivElement: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Only the product lives in src/: the simulators, the synthetic tenant and the demo (dev/) are
    // development tools, and the production build (dist/) must not reach them.
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [DEV_PACKAGE] }] },
  },
  // Dependencies flow one way: api → integrations → ingest → model, api → twin → model; infrastructure
  // (neo4j, config, log, errors, secrets) below them all. Nothing imports upward.
  ...layer('src/model/**/*.ts', ['ingest', 'twin', 'integrations', 'api']),
  ...layer('src/ingest/**/*.ts', ['twin', 'integrations', 'api']),
  ...layer('src/twin/**/*.ts', ['ingest', 'integrations', 'api']),
  ...layer('src/integrations/**/*.ts', ['api', 'twin']),
  ...layer('src/{neo4j,secrets,audit}/**/*.ts', ['model', 'ingest', 'twin', 'integrations', 'api']),
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
