// @ts-check
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Which way dependencies point (shared/DESIGN.md "Layout"): each zone forbids files under
 * `target` to import from `from` (minus `except`, relative to `from`).
 */
const boundaries = [
  { target: './src/protocol', from: ['./src', './media', './infra', './tools', './test'], except: ['./protocol'], message: 'protocol/ is a leaf: it imports nothing from the project.' },
  { target: './src/util', from: './src', except: ['./util'], message: 'util/ is a leaf: it imports nothing from the rest of src/.' },
  { target: './src/transport', from: './src', except: ['./protocol', './util', './transport'], message: 'transport/ imports only protocol/ and util/.' },
  { target: './src/config', from: './src', except: ['./protocol', './util', './transport', './config'], message: 'config/ imports only protocol/, util/ and transport/ (types).' },
  { target: './src/doctor', from: './src', except: ['./protocol', './util', './transport', './doctor'], message: 'doctor/ imports only protocol/, util/ and transport/; its command is ui/commands/checkEndpoint.ts.' },
  { target: './src/context', from: './src', except: ['./protocol', './util', './chat', './context'], message: 'context/ imports only protocol/, util/ and chat/ (the Attachment model).' },
  { target: './src/chat', from: ['./src/ui', './src/editor', './src/lm', './src/config', './src/context', './src/doctor', './src/extension.ts'], message: 'chat/ has no UI: no ui/, editor/, lm/, config/, context/ or doctor/.' },
  { target: './src/editor', from: ['./src/ui', './src/lm', './src/context', './src/doctor', './src/extension.ts'], message: 'editor/ does not import ui/, lm/, context/ or doctor/.' },
  { target: './src/lm', from: ['./src/ui', './src/context', './src/doctor', './src/extension.ts'], message: 'lm/ does not import ui/, context/ or doctor/.' },
  { target: './src/ui', from: './src/extension.ts', message: 'only extension.ts wires the parts.' },
  { target: './media', from: ['./src', './infra', './tools', './test'], except: ['./protocol'], message: 'media/ (the webview) imports only src/protocol/.' },
  { target: './infra', from: ['./src', './media', './test'], except: ['./protocol'], message: 'infra/ imports only src/protocol/ (and tools/).' },
  { target: ['./src', './infra', './tools'], from: './test', message: 'product code and tooling never import test code.' },
];

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', '**/node_modules/**', 'infra/cdk.out/**', 'test-results/**', '.vscode-test/**', '*.vsix'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'multi-line'],
      'no-throw-literal': 'error',
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver': undefined,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.json', 'media/tsconfig.json'], alwaysTryTypes: true, noWarnOnMultipleProjects: true })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: boundaries }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['src/protocol/**/*.ts', 'src/util/**/*.ts', 'src/transport/**/*.ts', 'src/chat/**/*.ts', 'src/doctor/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only config/, editor/, context/, ui/, lm/ and extension.ts talk to VS Code.' }] }] },
  },
  {
    files: ['media/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['esbuild.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
