import { describe, expect, it } from 'vitest';
import { cleanLine, cleanText, escapeXml } from './text';

/** Every character XML 1.0 or RFC 5545 refuses, or that we promise never to emit. */
const FORBIDDEN_ONE =
	// eslint-disable-next-line no-control-regex -- the control characters are what is matched
	/[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\x7f-\x9f\u2028\u2029\ufdd0-\ufdef\ufffe\uffff]|\p{Cs}/u;

describe('cleanText', () => {
	it('keeps ordinary text, tabs, line feeds, accents, emoji and typographic spaces', () => {
		const text = 'Ça va\u00a0? 🙂\n\tRésumé « ok » — fin\n';
		expect(cleanText(text)).toBe(text);
	});

	it('makes CR and CRLF line feeds, and U+2028/U+2029 plain line breaks', () => {
		expect(cleanText('a\r\nb\rc\u2028d\u2029e')).toBe('a\nb\nc\nd\n\ne');
	});

	it('drops C0 and C1 controls but tab and LF, DEL, noncharacters and lone surrogates', () => {
		const every = Array.from({ length: 0xa0 }, (_, i) => String.fromCharCode(i)).join('');
		expect(cleanText(every)).toBe(
			'\t\n\n' +
				Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('')
		);
		expect(cleanText('a\ufffeb\uffffc\ufdd0d\u{1fffe}e\u{10ffff}f')).toBe('abcdef');
		expect(cleanText('a\ud800b\udc00c')).toBe('abc');
		// A pair is one character (an emoji), never two lone halves.
		expect(cleanText('\ud83d\ude42')).toBe('🙂');
	});

	it('leaves nothing forbidden, whatever it is given', () => {
		let all = '';
		for (let cp = 0; cp < 0x11000; cp++) all += String.fromCodePoint(cp);
		all += '\u{10fffe}\u{10ffff}\ud800';
		expect(FORBIDDEN_ONE.test(cleanText(all))).toBe(false);
	});
});

describe('cleanLine', () => {
	it('puts a title on one line, and trims it', () => {
		expect(cleanLine('  Titre\r\nsur\u2028deux\tlignes \x0b\x01 ')).toBe('Titre sur deux lignes');
		expect(cleanLine('a \n\n b')).toBe('a b');
	});

	it('keeps inner spaces and no-break spaces as typed', () => {
		expect(cleanLine('Qu’est-ce\u00a0?  Deux espaces')).toBe('Qu’est-ce\u00a0?  Deux espaces');
	});

	it('leaves an empty line when there was only what it drops', () => {
		expect(cleanLine('\x01\r\n\u2028\ufffe')).toBe('');
	});
});

describe('escapeXml', () => {
	it('escapes markup and drops what XML forbids', () => {
		expect(escapeXml('<a href="x">&</a>]]>\x0b\x01')).toBe(
			'&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;]]&gt;'
		);
	});
});
