import { foldLines as theirs } from 'ical-generator';
import { describe, expect, it } from 'vitest';
import { foldLines } from './ical-fold';

describe('iCalendar line folding', () => {
	it('folds exactly as ical-generator does, whatever the characters', () => {
		const alphabet = ['a', 'é', '—', '€', '😀', '𝄞', ' ', ';', '\\n', 'ß', '中'];
		let seed = 7;
		const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
		for (let n = 0; n < 300; n++) {
			const length = Math.floor(random() * 400);
			let line = 'DESCRIPTION:';
			for (let i = 0; i < length; i++) line += alphabet[Math.floor(random() * alphabet.length)];
			const input = `BEGIN:VEVENT\r\n${line}\r\nEND:VEVENT`;
			expect(foldLines(input)).toBe(theirs(input));
		}
	});

	it('keeps every line within 75 octets and never splits a character', () => {
		const folded = foldLines(`SUMMARY:${'Forum 😀 numérique — '.repeat(30)}`);
		for (const line of folded.split('\r\n')) {
			expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
			expect(line).not.toContain('\ufffd');
		}
		expect(folded.replace(/\r\n /g, '')).toBe(`SUMMARY:${'Forum 😀 numérique — '.repeat(30)}`);
	});
});
