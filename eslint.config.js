import { fileURLToPath } from 'node:url';
import { includeIgnoreFile } from '@eslint/compat';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

// SvelteKit's defaults (as `npx sv create` writes them): JavaScript, TypeScript and Svelte
// recommended rules, formatting left to Prettier.
const gitignore = fileURLToPath(new URL('./.gitignore', import.meta.url));

export default ts.config(
	includeIgnoreFile(gitignore),
	// bench/bare is a separate SvelteKit app the bench builds elsewhere (scripts/bench/bare.ts).
	{ ignores: ['src/lib/paraglide/**', 'build/**', '.svelte-kit/**', 'bench/bare/**'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// TypeScript checks names itself (svelte-check, tsc); this rule only repeats it, wrongly for types.
			'no-undef': 'off',
			// A leading underscore names what is dropped on purpose (`const { hash: _hash, ...rest }`).
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }
			],
			// Internal links go through href() ($lib/i18n: Paraglide's localizeHref), which this rule
			// cannot see through; every one of them is localised there.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	}
);
