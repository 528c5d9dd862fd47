// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * What workflow code may load, as an allow-list: the workflow SDK, the workflow folder itself, and the pure
 * shared modules (ids, money, outcomes, the contract types, the workflow-side observability and Temporal names).
 * Everything else (Node built-ins, I/O, activities, the gateway, the store) only as `import type`.
 */
export const WORKFLOW_ALLOWED_IMPORTS = [
  '@temporalio/workflow',
  '@temporalio/common',
  './*',
  '../contract/*',
  '../ids.js',
  '../money.js',
  '../outcomes.js',
  '../domain.js',
  '../observability/workflow-*',
  '../temporal/names.js',
  '../temporal/search-attributes.js',
];

const escape = (s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
export const workflowFence = {
  patterns: [
    {
      regex: `^(?!(${WORKFLOW_ALLOWED_IMPORTS.map(escape).join('|')})$)`,
      message:
        'Workflows run in a deterministic sandbox: value imports only from the allow-list in eslint.config.mjs (the workflow SDK, ./*, the contract and pure shared modules); anything else as import type.',
      allowTypeImports: true,
    },
  ],
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
