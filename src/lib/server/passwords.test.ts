import { describe, expect, it } from 'vitest';
import { checkNewPassword, hashPassword, verifyPassword } from './passwords';

describe('passwords', () => {
	it('asks for length, refuses common passwords, and imposes no composition rules', () => {
		expect(checkNewPassword('short')).toBe('too_short');
		expect(checkNewPassword('ééééééééééé')).toBe('too_short'); // 11 characters, whatever the bytes
		expect(checkNewPassword('x'.repeat(257))).toBe('too_long');
		expect(checkNewPassword('123qweasdzxc')).toBe('too_common');
		expect(checkNewPassword('QWERTY123456')).toBe('too_common');
		expect(checkNewPassword('jeanne@example.org', ['jeanne@example.org'])).toBe('too_common');
		expect(checkNewPassword('les communs numériques')).toBeNull();
		expect(checkNewPassword('alllowercaseletters')).toBeNull();
	});

	it('hashes with Argon2id at OWASP parameters and verifies', async () => {
		const hash = await hashPassword('une phrase de passe assez longue');
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(await verifyPassword(hash, 'une phrase de passe assez longue')).toBe(true);
		expect(await verifyPassword(hash, 'une phrase de passe assez longuE')).toBe(false);
		expect(await verifyPassword('not a hash', 'x')).toBe(false);
	});
});
