import { describe, expect, it } from 'vitest';
import { cleanName, foldName, nameProblem } from './names';

describe('display names', () => {
	it('folds case, accents, compatibility forms and spaces into one key', () => {
		const key = 'elise durand';
		for (const name of [
			'Élise Durand',
			'elise  durand',
			'  ELISE\tDURAND ',
			'E\u0301lise Durand', // É written as E + combining acute
			'Ｅｌｉｓｅ Ｄｕｒａｎｄ', // full-width letters
			'élise\u00a0durand'
		])
			expect(foldName(cleanName(name)), name).toBe(key);
		expect(foldName('Straße')).toBe(foldName('STRASSE'));
		expect(foldName('ﬁlou')).toBe('filou');
		expect(foldName('Zoë')).not.toBe(foldName('Zoé Z'));
	});

	it('refuses a name mixing Latin with letters drawn alike, and keys lookalikes as one', () => {
		expect(nameProblem('Orga Nizer')).toBeNull();
		expect(nameProblem('Org\u0430 Nizer')).toBe('invalid_characters');
		expect(nameProblem('Αlice')).toBe('invalid_characters');
		// Wholly Cyrillic or Greek names are names; the one drawn as a Latin name is that name.
		expect(nameProblem('Наташа')).toBeNull();
		expect(foldName('Рара')).toBe(foldName('Papa'));
		expect(foldName('Наташа')).not.toBe(foldName('Natasha'));
	});

	it('stores the name as typed, in NFC with its spaces collapsed and trimmed', () => {
		expect(cleanName('  E\u0301lise   Durand ')).toBe('Élise Durand');
	});

	it('takes 2 to 40 characters after trimming, counted as characters, not code units', () => {
		expect(nameProblem('Al')).toBeNull();
		expect(nameProblem('  A  ')).toBe('too_short');
		expect(nameProblem('   ')).toBe('required');
		expect(nameProblem('')).toBe('required');
		expect(nameProblem('x'.repeat(40))).toBeNull();
		expect(nameProblem('x'.repeat(41))).toBe('too_long');
		expect(nameProblem('x'.repeat(16_384))).toBe('too_long');
		// Forty emoji are eighty code units, and forty characters.
		expect(nameProblem('A' + '😀'.repeat(39))).toBeNull();
		expect(nameProblem('李娜')).toBeNull();
		expect(nameProblem('محمد')).toBeNull();
	});

	it('refuses control, format, bidi, zero-width and blank characters instead of cleaning them', () => {
		for (const hostile of [
			'Jeanne\x00Dupont',
			'Jeanne\nDupont',
			'Jeanne\r\nDupont',
			'Jeanne\x1bDupont',
			'Jeanne\u0085Dupont',
			'\u202eJeanne', // right-to-left override
			'Jea\u2066nne\u2069', // isolates
			'Jean\u200bne', // zero-width space
			'Jean\u200dne', // zero-width joiner
			'Jean\u00adne', // soft hyphen
			'\ufeffJeanne', // byte order mark
			'Jeanne\u2028Dupont',
			'Jean\u{e0041}ne', // tag character
			'Jeanne\ue000', // private use
			'\u3164\u3164', // Hangul fillers: a name that draws nothing
			'\u2800\u2800',
			'Ja\u0301\u0301\u0301\u0301nne' // a pile of accents
		])
			expect(nameProblem(hostile), JSON.stringify(hostile)).toBe('invalid_characters');
		// Punctuation alone is not a name.
		expect(nameProblem('!!!')).toBe('invalid_characters');
		expect(nameProblem("Jeanne d'Arc-Dupont")).toBeNull();
	});
});
