import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/** Modules that do I/O: kept out of the pure libraries and the contracts. */
const IO = [
  'kafkajs',
  'bullmq',
  'ioredis',
  'mongodb',
  'pino',
  'node:fs',
  'node:fs/*',
  'node:net',
  'node:http',
  'node:https',
];
/** Services (as packages), and the test helpers, which only tests and benches import. */
const SERVICES_AND_TESTS = ['@newsflow/service-*', '@newsflow/testing', '@newsflow/testing/*'];
const ABOVE_RUNTIME = [
  '@newsflow/http-fetch',
  '@newsflow/ops',
  '@newsflow/archives',
  '@newsflow/cli',
  ...SERVICES_AND_TESTS,
];
const ABOVE_PURE = ['@newsflow/runtime', ...ABOVE_RUNTIME];

/** One `no-restricted-imports` config per room. */
function importRules(rooms) {
  return rooms.map(({ files, ignores = [], patterns }) => ({
    files,
    ignores,
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  }));
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.cache/**',
      '.local/**',
      '.stack/**',
      'bench/results/**',
      '**/*.py',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // Handlers and callbacks are async by contract even when one body has nothing to await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through loadConfig() in libs/runtime config.',
        },
      ],
    },
  },
  // Rooms and what each may import (docs/architecture.md): imports point down, never into a service, a tool or
  // the test helpers. One `no-restricted-imports` per file set (a later one would replace an earlier one).
  ...importRules([
    {
      files: ['libs/errors/src/**/*.ts'],
      ignores: ['**/*.test.ts'],
      patterns: [
        {
          regex: '^(?!\\.{1,2}/)',
          message: '@newsflow/errors is imported by every package, so it imports nothing.',
        },
      ],
    },
    {
      files: ['libs/contracts/src/**/*.ts'],
      patterns: [
        {
          group: ['@newsflow/*', '!@newsflow/errors', ...IO],
          message: 'Contracts need only zod and @newsflow/errors.',
        },
      ],
    },
    {
      // Pure libraries take everything as arguments: no I/O clients, no environment.
      files: ['libs/{extraction,entities,normalize,sources}/src/**/*.ts'],
      patterns: [
        { group: [...ABOVE_PURE, ...IO], message: 'Pure libraries do no I/O and know nothing above them.' },
      ],
    },
    {
      files: ['libs/runtime/src/**/*.ts'],
      ignores: ['**/*.test.ts'],
      patterns: [
        {
          group: [...ABOVE_RUNTIME, '@newsflow/extraction', '@newsflow/entities', '@newsflow/sources'],
          message: 'The runtime is the adapters under every service: it knows no stage, tool or test helper.',
        },
      ],
    },
    {
      files: ['libs/{http-fetch,ops,archives}/src/**/*.ts'],
      ignores: ['**/*.test.ts'],
      patterns: [
        {
          group: ['@newsflow/cli', ...SERVICES_AND_TESTS],
          message: 'Shared I/O libraries serve services and tools, not the other way round.',
        },
      ],
    },
    {
      files: ['libs/cli/src/**/*.ts', 'services/*/src/**/*.ts'],
      ignores: ['**/*.test.ts'],
      patterns: [
        {
          group: ['@newsflow/cli', ...SERVICES_AND_TESTS],
          message: 'A service or tool imports libraries, never another service, the CLI or the test helpers.',
        },
      ],
    },
    {
      // `newsflow <name> --help` and the check of a command's flags load every command's help module and nothing
      // else (libs/cli commands/index.ts); ../command.js holds the flag parser (node:util only), ../filter-options.js
      // the value checks of --since and --site (no imports).
      files: ['libs/cli/src/commands/*-help.ts'],
      patterns: [
        {
          regex:
            '^(?!@newsflow/contracts/topics$|@newsflow/archives/skip-reasons$|\\.\\./command\\.js$|\\.\\./filter-options\\.js$)',
          message: 'A help text imports no client library: the command module loads those when it runs.',
        },
      ],
    },
  ]),
  {
    files: [
      'libs/runtime/src/config*.ts',
      'libs/testing/src/**/*.ts',
      'libs/cli/src/**/*.ts',
      'test/**/*.{ts,mjs}',
      'bench/**/*.ts',
      'scripts/**/*.ts',
      'deploy/**/*.ts',
      'vitest.config.ts',
      '**/*.test.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
