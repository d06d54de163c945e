import { describe, expect, it } from 'vitest';
import { negotiate, preferredLocale, redirectTarget } from './language';

describe('language choice', () => {
	it('negotiates Accept-Language by quality', () => {
		expect(negotiate('en-GB,en;q=0.9,fr;q=0.8')).toBe('en');
		expect(negotiate('de-DE,de;q=0.9,fr;q=0.5,en;q=0.4')).toBe('fr');
		expect(negotiate('de, it')).toBeUndefined();
		expect(negotiate('fr;q=0, en')).toBe('en');
		expect(negotiate(null)).toBeUndefined();
	});

	it('prefers the remembered cookie, then the browser, then French', () => {
		expect(preferredLocale(new Headers({ cookie: 'a=b; lang=en', 'accept-language': 'fr' }))).toBe('en');
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
