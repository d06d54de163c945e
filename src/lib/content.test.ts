import { describe, expect, it } from 'vitest';
import { pickText } from './content';

describe('pickText', () => {
	it('prefers the reader language and falls back to the other, saying so', () => {
		expect(pickText({ fr: 'Bonjour', en: 'Hello' }, 'en')).toEqual({
			value: 'Hello',
			lang: 'en',
			fallback: false
		});
		expect(pickText({ fr: 'Bonjour' }, 'en')).toEqual({
			value: 'Bonjour',
			lang: 'fr',
			fallback: true
		});
		expect(pickText({ en: 'Hello' }, 'fr')).toEqual({ value: 'Hello', lang: 'en', fallback: true });
		expect(pickText({}, 'fr')).toBeNull();
	});
});
