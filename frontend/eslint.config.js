import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import prettier from 'eslint-config-prettier';

// The layers of src/ (see README): the shell (app/) is used by main.tsx only; the shared layers
// (lib, ui, auth, api) know no feature; the platform knows no module built on it.
const noShell = {
  group: ['**/app', '**/app/**'],
  message: 'Only main.tsx uses the app shell; features give it what it needs (lib/feature.ts).',
};
const noFeatures = { group: ['**/features/**'], message: 'The shared layers (lib, ui, auth, api) know no feature.' };
const noModules = {
  group: ['**/workforce', '**/workforce/**'],
  message: 'The platform knows no module; a module adds to it through lib/feature.ts.',
};

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-output', 'src/api/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  { files: ['scripts/**/*.mjs'], languageOptions: { globals: globals.node } },
  {
    files: ['src/{lib,ui,auth,api}/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noShell, noFeatures] }] },
  },
  {
    files: ['src/features/platform/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noShell, noModules] }] },
  },
  {
    files: ['src/features/workforce/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noShell] }] },
  },
  prettier, // last: turns off the style rules that Prettier's formatting decides
);
