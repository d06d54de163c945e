import { describe, expect, it } from 'vitest';
import { checkNewPassword, hashPassword, verifyPassword } from './passwords';

describe('passwords', () => {
	it('asks for length, refuses what is easy to guess, and imposes no composition rules', async () => {
		expect(await checkNewPassword('short')).toBe('too_short');
		expect(await checkNewPassword('ééééééééééé')).toBe('too_short'); // 11 characters, whatever the bytes
		expect(await checkNewPassword('x'.repeat(257))).toBe('too_long');
		// Common passwords, keyboard walks, repeats, sequences: long enough, guessed at once.
		for (const weak of [
			'123qweasdzxc',
			'QWERTY123456',
			'password1234',
			'aaaaaaaaaaaa',
			' '.repeat(12),
			'123456789012',
			'azertyuiopqs',
			'motdepasse123'
		]) {
			expect(await checkNewPassword(weak), weak).toBe('too_guessable');
		}
		// Built from the user's own name or address.
		expect(await checkNewPassword('jeanne@example.org', ['jeanne@example.org', 'Jeanne'])).toBe(
			'too_guessable'
		);
		expect(
			await checkNewPassword('Jeanne Bretécher 2024', ['jeanne@example.org', 'Jeanne Bretécher'])
		).toBe('too_guessable');
		expect(await checkNewPassword('Jeanne Bretécher 2024')).toBeNull();
		// Words of the name and address joined by spaces, which zxcvbn alone rates strong.
		expect(
			await checkNewPassword('dominique orga example', ['dominique@example.org', 'Dominique Orga'])
		).toBe('too_guessable');
		expect(
			await checkNewPassword('camille admin example', ['camille@example.org', 'Camille Admin'])
		).toBe('too_guessable');
		expect(await checkNewPassword('Jeanne-Example-2026', ['jeanne@example.org', 'Jeanne'])).toBe(
			'too_guessable'
		);
		// A strong phrase stays strong beside the user's first name.
		expect(
			await checkNewPassword('dominique aime les girafes violettes', [
				'dominique@example.org',
				'Dominique Orga'
			])
		).toBeNull();
		// Phrases of ordinary words, lower case, no digits or symbols: fine.
		expect(await checkNewPassword('les communs numériques')).toBeNull();
		expect(await checkNewPassword('une phrase de passe assez longue')).toBeNull();
		expect(await checkNewPassword('correct horse battery staple')).toBeNull();
	});

	it('hashes with Argon2id at OWASP parameters and verifies', async () => {
		const hash = await hashPassword('une phrase de passe assez longue');
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(await verifyPassword(hash, 'une phrase de passe assez longue')).toBe(true);
		expect(await verifyPassword(hash, 'une phrase de passe assez longuE')).toBe(false);
		expect(await verifyPassword('not a hash', 'x')).toBe(false);
	});
});
