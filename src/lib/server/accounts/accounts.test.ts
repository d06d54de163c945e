import { describe, expect, it } from 'vitest';
import * as accounts from './accounts';
import { memoryDb } from '../testing/db';
import { Forbidden } from '../auth/policy';

const password = 'une phrase de passe assez longue';

describe('accounts', () => {
	it('keeps a name on one line without control characters, and refuses one made of nothing else', async () => {
		const db = memoryDb();
		const added = await accounts.add(db, {
			email: 'a@example.org',
			name: ' Jeanne\r\nDupont\x0b\u2028',
			password
		});
		expect(added.name).toBe('Jeanne Dupont');
		await expect(
			accounts.add(db, { email: 'b@example.org', name: '\x01\r\n', password })
		).rejects.toMatchObject({
			problems: [{ field: 'name', code: 'required' }]
		});
	});

	it('refuses an address holding a control or invisible character instead of changing it', async () => {
		const db = memoryDb();
		for (const email of ['a\x01b@example.org', 'ab@exa\u200bmple.org', 'ab@example.org\ufffe']) {
			await expect(accounts.add(db, { email, name: 'N', password })).rejects.toMatchObject({
				problems: [{ field: 'email', code: 'invalid' }]
			});
		}
		expect(accounts.list(db)).toEqual([]);
	});

	it('adds organisers unless told otherwise, and lets only an admin (or the hub itself) manage accounts', async () => {
		const db = memoryDb();
		const admin = await accounts.add(db, {
			email: 'admin@example.org',
			name: 'Admin',
			password,
			role: 'admin'
		});
		const organiser = await accounts.add(
			db,
			{ email: 'orga@example.org', name: 'Orga', password },
			{ actor: admin }
		);
		expect(organiser.role).toBe('organiser');
		await expect(
			accounts.add(db, { email: 'x@example.org', name: 'X', password }, { actor: organiser })
		).rejects.toBeInstanceOf(Forbidden);
		expect(() => accounts.disable(db, admin.email, { actor: organiser })).toThrow(Forbidden);
		expect(accounts.disable(db, organiser.email, { actor: admin }).disabledAt).not.toBeNull();
		expect(accounts.list(db).map((a) => a.email)).toEqual([
			'admin@example.org',
			'orga@example.org'
		]);
	});
});
