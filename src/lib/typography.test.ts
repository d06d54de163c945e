import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const fr: Record<string, string> = JSON.parse(
	readFileSync(new URL('../../messages/fr.json', import.meta.url), 'utf8')
);

/**
 * Every colon of a French text that is not part of an address (https://) or a time (18:30),
 * with what precedes it. French typography puts a no-break space (U+00A0) before a colon,
 * so a line never starts with one.
 */
function badColons(text: string): string[] {
	const found: string[] = [];
	for (const match of text.matchAll(/:/g)) {
		const i = match.index;
		const before = text.slice(0, i);
		const after = text.slice(i + 1);
		if (after.startsWith('//')) continue;
		if (/\d$/.test(before) && /^\d/.test(after)) continue;
		// A colon right after a letter, digit, quote or closing brace/parenthesis, or after a
		// space that can break, is wrong; one after U+00A0 is right.
		if (/(?:[\p{L}\p{N}'"’”»)}\]]|[ \t\u2009\u202f]+)$/u.test(before))
			found.push(text.slice(Math.max(0, i - 20), i + 10));
	}
	return found;
}

describe('French typography', () => {
	it('finds the colons it must (the check checks)', () => {
		expect(badColons('Comptes rendus:')).toHaveLength(1);
		expect(badColons('Comptes rendus :')).toHaveLength(1);
		expect(badColons('fuseau {zone} : les horloges')).toHaveLength(1);
		expect(badColons('« Titre »: suite')).toHaveLength(1);
		expect(badColons('Comptes rendus\u00a0:')).toEqual([]);
		expect(badColons('commencer par https:// ou http://.')).toEqual([]);
		expect(badColons('à 18:30, puis 02:30')).toEqual([]);
	});

	it('puts a no-break space before every colon of messages/fr.json', () => {
		const wrong = Object.entries(fr)
			.filter(([key]) => key !== '$schema')
			.flatMap(([key, value]) => badColons(value).map((at) => `${key}: …${at}…`));
		expect(wrong).toEqual([]);
	});
});
