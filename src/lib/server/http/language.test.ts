import { describe, expect, it } from 'vitest';
import { getLocale, getUrlOrigin } from '$lib/paraglide/runtime';
import { negotiate, preferredLocale, redirectTarget, switchTo } from './language';
import * as language from './language';

describe('language choice', () => {
	it('negotiates Accept-Language by quality', () => {
		expect(negotiate('en-GB,en;q=0.9,fr;q=0.8')).toBe('en');
		expect(negotiate('de-DE,de;q=0.9,fr;q=0.5,en;q=0.4')).toBe('fr');
		expect(negotiate('de, it')).toBeUndefined();
		expect(negotiate('fr;q=0, en')).toBe('en');
		expect(negotiate(null)).toBeUndefined();
	});

	it('prefers the remembered cookie, then the browser, then French', () => {
		expect(preferredLocale(new Headers({ cookie: 'a=b; lang=en', 'accept-language': 'fr' }))).toBe(
			'en'
		);
		expect(preferredLocale(new Headers({ cookie: 'lang=de', 'accept-language': 'en' }))).toBe('en');
		expect(preferredLocale(new Headers({ 'accept-language': 'es' }))).toBe('fr');
	});

	it('sends unprefixed paths to the localised page, keeping the query', () => {
		const headers = new Headers({ 'accept-language': 'en' });
		expect(redirectTarget(new URL('http://x/'), headers)).toBe('/en/');
		expect(redirectTarget(new URL('http://x/events/ngi?x=1'), headers)).toBe('/en/events/ngi?x=1');
		expect(redirectTarget(new URL('http://x/fr/events/ngi'), headers)).toBeNull();
		expect(redirectTarget(new URL('http://x/en'), headers)).toBeNull();
	});
});

describe('the language switch', () => {
	const at = (path: string) => new URL(`http://x/en/language?${new URLSearchParams({ path })}`);

	it('lands on the same page, query kept, in the chosen language, and remembers it', () => {
		const choice = switchTo('en', at('/events/ngi-forum-2025?page=2'))!;
		expect(choice.location).toBe('/en/events/ngi-forum-2025?page=2');
		expect(choice.cookie).toMatchObject({
			name: 'lang',
			value: 'en',
			options: { path: '/', sameSite: 'lax' }
		});
		expect(switchTo('fr', at('/en/posts'))!.location).toBe('/fr/posts');
		expect(switchTo('fr', at('/'))!.location).toBe('/fr/');
	});

	it('refuses anything but a path of this site', () => {
		for (const path of [
			'//evil.example/x',
			'/\\evil.example',
			'https://evil.example/',
			'evil',
			'/a\u0000b',
			`/${'a'.repeat(2001)}`
		]) {
			expect(switchTo('en', at(path)), path).toBeNull();
		}
	});
});

describe('running a request in the language of its address', () => {
	it('reads the language from the prefix alone', () => {
		expect(language.localeOfPath('/en/events/x')).toBe('en');
		expect(language.localeOfPath('/fr')).toBe('fr');
		expect(language.localeOfPath('/fr/')).toBe('fr');
		for (const path of ['/', '/events/x', '/FR/x', '/fren/x', '/de/x', '//en/x'])
			expect(language.localeOfPath(path), path).toBeUndefined();
	});

	it('gives getLocale() and the origin to everything the request runs, awaits included', async () => {
		const seen = await Promise.all(
			(['en', 'fr'] as const).map((locale) =>
				language.runInLocale(locale, `https://${locale}.example`, async () => {
					const before = getLocale();
					await new Promise((resolve) => setTimeout(resolve, 5));
					return [before, getLocale(), getUrlOrigin()];
				})
			)
		);
		expect(seen).toEqual([
			['en', 'en', 'https://en.example'],
			['fr', 'fr', 'https://fr.example']
		]);
	});
});
