import '@inlang/paraglide-js/urlpattern-polyfill';
import { describe, expect, it } from 'vitest';
import { rememberCompiledPatterns, rememberingPatterns } from './url-patterns';

type Pattern = { exec: (input: string) => unknown; test: (input: string) => boolean };
type PatternClass = new (...args: unknown[]) => Pattern;
const Native = (globalThis as unknown as { URLPattern: PatternClass }).URLPattern;

const PATTERNS = [
	':protocol://:domain(.*)::port?/fr/:path(.*)?',
	':protocol://:domain(.*)::port?/en/:path(.*)?',
	':protocol://:domain(.*)::port?/:path(.*)?'
];
const ADDRESSES = [
	'http://127.0.0.1:3000/fr/events/x',
	'https://hub.example/en/',
	'https://hub.example/en',
	'https://hub.example/fr/search?q=%C3%A9t%C3%A9#top',
	'https://hub.example/language?path=%2Fevents',
	'http://[::1]:8080/fr/fr/x'
];

describe('remembered URL patterns', () => {
	const Remembering = rememberingPatterns(Native) as unknown as PatternClass;

	it('match exactly as patterns made afresh, and are made once per pattern and address', () => {
		for (const pattern of PATTERNS) {
			for (const address of ADDRESSES) {
				const kept = new Remembering(pattern, address);
				expect(new Remembering(pattern, address)).toBe(kept);
				expect(kept).toBeInstanceOf(Native);
				for (const other of ADDRESSES)
					expect(kept.exec(other), `${pattern} on ${other}`).toEqual(
						new Native(pattern, address).exec(other)
					);
			}
		}
	});

	it('keeps the patterns in use, a bounded number of them', () => {
		const Fresh = rememberingPatterns(Native) as unknown as PatternClass;
		const home = new Fresh(PATTERNS[0], 'https://hub.example/fr/');
		for (let i = 0; i < 1000; i++) {
			new Fresh(PATTERNS[0], `https://hub.example/fr/events/e-${i}`);
			// The home page is asked between every two new addresses: it stays.
			expect(new Fresh(PATTERNS[0], 'https://hub.example/fr/')).toBe(home);
		}
		const first = new Fresh(PATTERNS[0], 'https://hub.example/fr/events/e-0');
		expect(new Fresh(PATTERNS[0], 'https://hub.example/fr/events/e-0')).toBe(first);
	});

	it('makes anything else afresh: dictionaries, options, long addresses', () => {
		const dictionary = { pathname: '/fr/*' };
		expect(new Remembering(dictionary)).not.toBe(new Remembering(dictionary));
		const long = `https://hub.example/fr/${'x'.repeat(2000)}`;
		expect(new Remembering(PATTERNS[0], long)).not.toBe(new Remembering(PATTERNS[0], long));
		expect(new Remembering(PATTERNS[0], long).test(long)).toBe(true);
		expect(() => (Remembering as unknown as () => void)()).toThrow(TypeError);
	});

	it('takes the global class once, however often it is asked to', () => {
		const scope: { URLPattern?: unknown } = { URLPattern: Native };
		rememberCompiledPatterns(scope);
		const first = scope.URLPattern;
		rememberCompiledPatterns(scope);
		expect(scope.URLPattern).toBe(first);
		expect(first).not.toBe(Native);
	});
});
