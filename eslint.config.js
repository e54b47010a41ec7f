import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/data/**', 'tests/.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Import layering (DESIGN §6): nothing imports from routers or http, domain imports nothing of the server.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/routers/*', '**/http/*'],
              message: 'imports go down: nothing imports from routers or http',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'server/routers/**',
      'server/http/**',
      'server/main.ts',
      'server/dev.ts',
      'tests/**',
      'bench/**',
      'client/**',
    ],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The engine answers questions; the question functions (server/queries) sit above it. The
    // worker pool only names their types (it is typed by the queries it runs).
    files: ['server/engine/**'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/routers/*', '**/http/*'],
              message: 'imports go down: nothing imports from routers or http',
            },
            {
              group: ['**/queries/*'],
              allowTypeImports: true,
              message: 'imports go down: the engine does not import the question functions',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                '../db/*',
                '../queries/*',
                '../engine/*',
                '../routers/*',
                '../http/*',
                '../seed/*',
              ],
              message: 'server/domain is pure and shared with the client',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['client/**/*.tsx', 'client/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/server/db/*',
                '**/server/queries/*',
                '**/server/engine/**',
                '**/server/http/*',
                '**/server/seed/*',
              ],
              message: 'the client may import only server/domain (and the AppRouter type)',
            },
            {
              group: ['zod', 'zod/*', '**/server/domain/filters-schema*'],
              message:
                'zod stays on the server (issue #4: weight); validate filters with checkFilters',
            },
          ],
        },
      ],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  // The launcher and build scripts: plain JavaScript for node (they run before anything is built);
  // so is what the bench preloads into the built server (bench/cpu-blocks.mjs).
  {
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false },
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        performance: 'readonly',
        setInterval: 'readonly',
      },
    },
  },
);
