// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Modules a workflow must never load: they are not deterministic or not sandbox-safe. */
const workflowFence = {
  patterns: [
    { group: ['node:*'], message: 'Workflows run in a deterministic sandbox: no Node built-ins.' },
    { group: ['ky', 'better-sqlite3'], message: 'Workflows do no I/O: call an activity.' },
    {
      group: [
        '**/gateway/*',
        '**/gateway/**',
        '**/simulator/**',
        '**/customers/**',
        '**/config.js',
        '**/webhook/**',
      ],
      message: 'Workflows import activity types only (import type) and pure shared modules.',
      allowTypeImports: true,
    },
    {
      group: ['**/activities/**'],
      message: 'Workflows import activity types only (import type).',
      allowTypeImports: true,
    },
  ],
  paths: ['fs', 'path', 'crypto', 'http', 'https', 'net', 'child_process', 'os', 'process'],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.tools/', '.data/', 'bench/results/', 'bin/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.mjs', 'test/helpers/reporter.cjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      'no-console': 'off',
    },
  },
  {
    files: ['src/workflows/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', workflowFence] },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  { files: ['**/*.mjs', '**/*.js', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
