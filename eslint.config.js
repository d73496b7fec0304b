// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Modules the pure core may never import (see docs/architecture.md). */
const impureModules = [
  {
    group: ['@octokit/*', 'octokit', 'probot', '@actions/*'],
    message: 'src/core is pure: GitHub and Actions I/O belongs in src/adapters.',
  },
  {
    group: ['fs', 'node:fs', 'fs/*', 'node:fs/*'],
    message: 'src/core is pure: file I/O belongs in src/adapters.',
  },
  {
    group: ['child_process', 'node:child_process'],
    message: 'src/core is pure: processes belong in src/adapters.',
  },
  {
    group: ['**/adapters/**', '**/cli/**', '**/app/**', '**/action/**'],
    message: 'src/core imports only src/core (the dependency rule).',
  },
];

/** Adapters may import the core, never an entry point. */
const entryPoints = [
  {
    group: ['**/cli/**', '**/app/**', '**/action/**'],
    message: 'src/adapters imports only src/core and src/adapters (the dependency rule).',
  },
];

export default tseslint.config(
  {
    ignores: [
      'lib/**',
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'test/fixtures/**',
      // ajv standalone code (1.3 MB, scripts/gen-contracts.mjs): type-aware linting of it alone takes 40 s.
      'src/core/contracts/validators.generated.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'scripts/*.mjs', 'bin/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: impureModules }],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'src/core is pure: pass configuration in, do not read process.env.',
        },
        { object: 'Date', property: 'now', message: 'src/core is pure: inject a Clock.' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'src/core is pure: no process access.' },
      ],
    },
  },
  {
    files: ['src/adapters/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: entryPoints }] },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
