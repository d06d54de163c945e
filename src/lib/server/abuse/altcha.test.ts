import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { describe, expect, it } from 'vitest';
import { memoryDb } from '../testing/db';
import * as altcha from './altcha';

describe('altcha', () => {
	it('takes a solved challenge of ours once, and refuses it sent again', async () => {
		const db = memoryDb();
		const now = Date.now();
		const challenge = await altcha.challenge(db, now);
		const solution = (await solveChallenge({ challenge, deriveKey }))!;
		const value = altcha.encode({ challenge, solution });
		expect(await altcha.check(db, value, now)).toBe('solved');
		expect(await altcha.check(db, value, now + 1000)).toBe('refused');
	});

	it('says "none" for an empty field, and refuses a forged, altered or foreign answer', async () => {
		const db = memoryDb();
		const now = Date.now();
		expect(await altcha.check(db, '', now)).toBe('none');
		expect(await altcha.check(db, null, now)).toBe('none');
		const challenge = await altcha.challenge(db, now);
		const solution = (await solveChallenge({ challenge, deriveKey }))!;
		const foreign = await altcha.challenge(memoryDb(), now);
		const foreignSolution = (await solveChallenge({ challenge: foreign, deriveKey }))!;
		for (const value of [
			'not base64 at all \u202e',
			Buffer.from('{"x":1}').toString('base64'),
			'x'.repeat(16 * 1024),
			altcha.encode({
				challenge,
				solution: {
					...solution,
					derivedKey: solution.derivedKey.replace(/^./, (c) => (c === '0' ? '1' : '0'))
				}
			}),
			altcha.encode({ challenge, solution: { counter: 1, derivedKey: 'zz' } }),
			altcha.encode({
				challenge: { ...challenge, parameters: { ...challenge.parameters, keyPrefix: '00' } },
				solution
			}),
			altcha.encode({ challenge: foreign, solution: foreignSolution })
		])
			expect(await altcha.check(db, value, now), value.slice(0, 30)).toBe('refused');
		// Still good after all that: nothing above spent it.
		expect(await altcha.check(db, altcha.encode({ challenge, solution }), now)).toBe('solved');
	});

	it('refuses an expired challenge', async () => {
		const db = memoryDb();
		const challenge = await altcha.challenge(db, Date.now() - 11 * 60_000);
		const solution = (await solveChallenge({ challenge, deriveKey }))!;
		expect(await altcha.check(db, altcha.encode({ challenge, solution }), Date.now())).toBe(
			'refused'
		);
	});
});
