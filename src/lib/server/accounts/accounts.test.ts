import { describe, expect, it } from 'vitest';
import * as accounts from './accounts';
import { memoryDb } from '../testing/db';
import { Forbidden } from '../auth/policy';

const password = 'une phrase de passe assez longue';

describe('accounts', () => {
	it('refuses a name with control or invisible characters instead of changing it', async () => {
		const db = memoryDb();
		for (const name of [' Jeanne\r\nDupont', 'Jeanne\x0bDupont', 'Jeanne\u2028', '\x01\r\n']) {
			await expect(
				accounts.add(db, { email: 'a@example.org', name, password })
			).rejects.toMatchObject({ problems: [{ field: 'name', code: 'invalid_characters' }] });
		}
		expect(accounts.list(db)).toEqual([]);
		const added = await accounts.add(db, {
			email: 'a@example.org',
			name: '  Jeanne   Dupont ',
			password
		});
		expect(added.name).toBe('Jeanne Dupont');
	});

	it('refuses an address holding a control or invisible character instead of changing it', async () => {
		const db = memoryDb();
		for (const email of ['a\x01b@example.org', 'ab@exa\u200bmple.org', 'ab@example.org\ufffe']) {
			await expect(accounts.add(db, { email, name: 'Nom', password })).rejects.toMatchObject({
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
			accounts.add(db, { email: 'x@example.org', name: 'Xavier', password }, { actor: organiser })
		).rejects.toBeInstanceOf(Forbidden);
		expect(() => accounts.disable(db, admin.email, { actor: organiser })).toThrow(Forbidden);
		expect(accounts.disable(db, organiser.email, { actor: admin }).disabledAt).not.toBeNull();
		expect(accounts.list(db).map((a) => a.email)).toEqual([
			'admin@example.org',
			'orga@example.org'
		]);
	});

	it('signs up a member in the chosen language, unique by address and by folded name, all problems at once', async () => {
		const db = memoryDb();
		const elise = await accounts.signUp(db, {
			email: ' Elise@Example.org ',
			name: '  Élise   Durand ',
			password,
			locale: 'en'
		});
		expect(elise).toMatchObject({
			email: 'elise@example.org',
			name: 'Élise Durand',
			role: 'member',
			locale: 'en'
		});
		expect(elise).not.toHaveProperty('passwordHash');
		expect(elise).not.toHaveProperty('nameKey');
		for (const name of [
			'elise durand',
			'ELISE  DURAND',
			'E\u0301lise Durand',
			'Ｅｌｉｓｅ Ｄｕｒａｎｄ'
		])
			await expect(
				accounts.signUp(db, { email: 'other@example.org', name, password, locale: 'fr' })
			).rejects.toMatchObject({ problems: [{ field: 'name', code: 'taken' }] });
		await expect(
			accounts.signUp(db, {
				email: 'ELISE@example.org',
				name: 'X',
				password: 'short',
				locale: 'de'
			})
		).rejects.toMatchObject({
			problems: [
				{ field: 'email', code: 'taken' },
				{ field: 'name', code: 'too_short' },
				{ field: 'locale', code: 'invalid' },
				{ field: 'password', code: 'too_short' }
			]
		});
		// The password may not be built from the name.
		await expect(
			accounts.signUp(db, {
				email: 'marguerite@example.org',
				name: 'Marguerite Yourcenar',
				password: 'marguerite yourcenar',
				locale: 'fr'
			})
		).rejects.toMatchObject({ problems: [{ field: 'password', code: 'too_guessable' }] });
		expect(accounts.list(db)).toHaveLength(1);
	});

	it('lets one of two parallel sign-ups with one name through, and tells the other why', async () => {
		const db = memoryDb();
		const results = await Promise.allSettled(
			['Camille Roux', 'camille roux', 'CAMILLE ROUX'].map((name, i) =>
				accounts.signUp(db, { email: `c${i}@example.org`, name, password, locale: 'fr' })
			)
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		for (const r of results.filter((r) => r.status === 'rejected'))
			expect((r as PromiseRejectedResult).reason).toMatchObject({
				problems: [{ field: 'name', code: 'taken' }]
			});
		expect(accounts.list(db)).toHaveLength(1);
	});

	it('renames under the same rules, letting an account respell its own name', async () => {
		const db = memoryDb();
		const a = await accounts.signUp(db, {
			email: 'a@example.org',
			name: 'Ana',
			password,
			locale: 'fr'
		});
		await accounts.signUp(db, { email: 'b@example.org', name: 'Bruno', password, locale: 'fr' });
		expect(accounts.rename(db, a.id, 'ANA').name).toBe('ANA');
		expect(() => accounts.rename(db, a.id, 'bruno')).toThrow(
			expect.objectContaining({ problems: [{ field: 'name', code: 'taken' }] })
		);
		expect(() => accounts.rename(db, a.id, 'A\u202eNA')).toThrow(
			expect.objectContaining({ problems: [{ field: 'name', code: 'invalid_characters' }] })
		);
		expect(() => accounts.rename(db, 999, 'Personne')).toThrow(accounts.AccountInputError);
		expect(accounts.findById(db, a.id)!.name).toBe('ANA');
		// The old name is free again.
		expect(accounts.nameAvailable(db, 'ana')).toBe(false);
		accounts.rename(db, a.id, 'Anaïs');
		expect(accounts.nameAvailable(db, 'ana')).toBe(true);
	});

	it('sets the interface language to French or English only', async () => {
		const db = memoryDb();
		const a = await accounts.signUp(db, {
			email: 'a@example.org',
			name: 'Ana',
			password,
			locale: 'fr'
		});
		expect(accounts.setLocale(db, a.id, 'en').locale).toBe('en');
		expect(() => accounts.setLocale(db, a.id, 'EN')).toThrow(
			expect.objectContaining({ problems: [{ field: 'locale', code: 'invalid' }] })
		);
		expect(accounts.findById(db, a.id)!.locale).toBe('en');
	});
});
