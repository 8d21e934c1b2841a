import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.cache/**', '.local/**', '.stack/**', 'bench/results/**', '**/*.py'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // Handlers and callbacks are async by contract even when one body has nothing to await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through loadConfig() in libs/runtime config.' }],
    },
  },
  {
    // Pure libraries take everything as arguments: no I/O clients, no environment.
    files: ['libs/{contracts,extraction,entities,normalize,sources}/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@newsflow/runtime', 'kafkajs', 'bullmq', 'ioredis', 'mongodb', 'pino', 'node:fs', 'node:net', 'node:http', 'node:https'], message: 'Pure libraries do no I/O.' }] }],
    },
  },
  {
    // Every package imports the error base, the pure ones included, so it depends on nothing.
    files: ['libs/errors/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\.{1,2}/)', message: '@newsflow/errors imports nothing outside itself.' }] }],
    },
  },
  {
    files: ['libs/runtime/src/config*.ts', 'libs/testing/src/**/*.ts', 'libs/cli/src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'deploy/**/*.ts', 'vitest.config.ts', '**/*.test.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
