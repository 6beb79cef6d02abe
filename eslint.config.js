import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // The project's size rule: a longer file or function is split by responsibility.
    files: ['src/**', 'bench/**', 'scripts/**'],
    rules: {
      'max-lines': ['error', { max: 400 }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // The dashboard knows the server only by the API's contract: its schemas' types (erased from the
    // bundle), never server functions, the store or the hosting code.
    files: ['src/web/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/*', '!**/server/*schemas', '**/store/*', '**/hosting/*'],
              message: 'the dashboard may use the API contract (server/*schemas types), src/domain and src/schedule',
            },
            {
              group: ['**/server/*schemas'],
              allowTypeImports: true,
              message: 'type imports only: zod stays out of the dashboard bundle',
            },
          ],
        },
      ],
    },
  },
);
