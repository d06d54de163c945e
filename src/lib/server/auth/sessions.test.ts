import { describe, expect, it } from 'vitest';
import * as auth from './sessions';
import * as accounts from '../accounts/accounts';
import { memoryDb } from '../testing/db';

async function setup() {
	const db = memoryDb();
	const jeanne = await accounts.add(db, {
		email: 'Jeanne@Example.org',
		name: 'Jeanne',
		password: 'les communs numériques',
		role: 'admin'
	});
	return { db, jeanne };
}

const address = '192.0.2.1';

describe('organisers', () => {
	it('stores the address lower-cased and refuses a duplicate, a bad address or a weak password', async () => {
		const { db, jeanne } = await setup();
		expect(jeanne.email).toBe('jeanne@example.org');
		expect(jeanne).not.toHaveProperty('passwordHash');
		await expect(
			accounts.add(db, {
				email: 'JEANNE@example.org',
				name: 'Jeanne Autre',
				password: 'une autre phrase longue'
			})
		).rejects.toMatchObject({ problems: [{ field: 'email', code: 'taken' }] });
		await expect(
			accounts.add(db, { email: 'nope', name: '', password: 'password1234' })
		).rejects.toMatchObject({
			problems: [
				{ field: 'email', code: 'invalid' },
				{ field: 'name', code: 'required' },
				{ field: 'password', code: 'too_guessable' }
			]
		});
		expect(accounts.list(db)).toHaveLength(1);
	});
});

describe('login and sessions', () => {
	it('opens a session with a random token of which only the hash is stored', async () => {
		const { db } = await setup();
		const result = await auth.login(db, {
			email: ' JEANNE@example.org ',
			password: 'les communs numériques',
			address
		});
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(Buffer.from(result.token, 'base64url').length).toBeGreaterThanOrEqual(16);
		const stored = db.$client.prepare('select token_hash from sessions').all() as {
			token_hash: string;
		}[];
		expect(stored).toEqual([{ token_hash: auth.hashToken(result.token) }]);
		expect(stored[0]!.token_hash).not.toContain(result.token);
		expect(auth.validateSession(db, result.token)?.email).toBe('jeanne@example.org');

		const again = await auth.login(db, {
			email: 'jeanne@example.org',
			password: 'les communs numériques',
			address
		});
		expect(again.ok && again.token).not.toBe(result.token);
		auth.endSession(db, result.token);
		expect(auth.validateSession(db, result.token)).toBeNull();
	});

	it('answers the same for an unknown address and a wrong password', async () => {
		const { db } = await setup();
		expect(
			await auth.login(db, { email: 'nobody@example.org', password: 'whatever it is', address })
		).toEqual({
			ok: false,
			reason: 'invalid'
		});
		expect(
			await auth.login(db, { email: 'jeanne@example.org', password: 'wrong password!', address })
		).toEqual({
			ok: false,
			reason: 'invalid'
		});
	});

	it('ends sessions after idle time, absolute time, logout, disabling or a password reset', async () => {
		const { db } = await setup();
		const open = async (now: number) => {
			const r = await auth.login(
				db,
				{ email: 'jeanne@example.org', password: 'les communs numériques', address },
				now
			);
			if (!r.ok) throw new Error('login failed');
			return r.token;
		};
		const t0 = 1_000_000_000_000;
		const idle = await open(t0);
		expect(auth.validateSession(db, idle, t0 + auth.IDLE_TIMEOUT_MS - 1)).not.toBeNull();
		expect(auth.validateSession(db, idle, t0 + 2 * auth.IDLE_TIMEOUT_MS)).toBeNull();

		const busy = await open(t0);
		let now = t0;
		while (now < t0 + auth.ABSOLUTE_TIMEOUT_MS - auth.IDLE_TIMEOUT_MS / 2) {
			now += auth.IDLE_TIMEOUT_MS / 2;
			expect(auth.validateSession(db, busy, now)).not.toBeNull();
		}
		expect(auth.validateSession(db, busy, t0 + auth.ABSOLUTE_TIMEOUT_MS)).toBeNull();

		const beforeReset = await open(Date.now());
		await accounts.resetPassword(db, 'jeanne@example.org', 'une nouvelle phrase de passe');
		expect(auth.validateSession(db, beforeReset)).toBeNull();

		const beforeDisable = await open(Date.now()).catch(() => null);
		expect(beforeDisable).toBeNull(); // the old password no longer works
		const r = await auth.login(db, {
			email: 'jeanne@example.org',
			password: 'une nouvelle phrase de passe',
			address
		});
		expect(r.ok).toBe(true);
		accounts.disable(db, 'jeanne@example.org');
		expect(auth.validateSession(db, r.ok ? r.token : '')).toBeNull();
		expect(
			(
				await auth.login(db, {
					email: 'jeanne@example.org',
					password: 'une nouvelle phrase de passe',
					address
				})
			).ok
		).toBe(false);
	});

	const jeanne = (password: string, from: string) => ({
		email: 'jeanne@example.org',
		password,
		address: from
	});
	const right = 'les communs numériques';

	it('limits failures per account and address, per address, even with the right password, for a window', async () => {
		const { db } = await setup();
		const now = Date.now();
		for (let i = 0; i < auth.MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
			expect(await auth.login(db, jeanne(`wrong ${i}`, address), now)).toEqual({
				ok: false,
				reason: 'invalid'
			});
		}
		expect(await auth.login(db, jeanne(right, address), now)).toEqual({
			ok: false,
			reason: 'rate_limited'
		});
		// The stranger's tries do not lock the owner out: from another address she logs in.
		expect((await auth.login(db, jeanne(right, '198.51.100.7'), now)).ok).toBe(true);
		// A window later, the first address may try again.
		expect(await auth.login(db, jeanne(right, address), now + auth.LOGIN_WINDOW_MS - 1)).toEqual({
			ok: false,
			reason: 'rate_limited'
		});
		expect((await auth.login(db, jeanne(right, address), now + auth.LOGIN_WINDOW_MS + 1)).ok).toBe(
			true
		);

		for (let i = 0; i < auth.MAX_FAILURES_PER_ADDRESS; i++) {
			await auth.login(
				db,
				{ email: `someone${i}@example.org`, password: 'nope nope nope', address: '203.0.113.9' },
				now
			);
		}
		expect(await auth.login(db, jeanne(right, '203.0.113.9'), now)).toEqual({
			ok: false,
			reason: 'rate_limited'
		});
		expect(
			(await auth.login(db, jeanne(right, '203.0.113.9'), now + auth.LOGIN_WINDOW_MS + 1)).ok
		).toBe(true);
	});

	it('counts parallel attempts one by one: of 100 at once, at most 5 reach the password check', async () => {
		const { db } = await setup();
		const now = Date.now();
		const results = await Promise.all(
			Array.from({ length: 100 }, (_, i) =>
				auth.login(db, jeanne(`wrong guess ${i}`, address), now)
			)
		);
		const reasons = results.map((r) => (r.ok ? 'ok' : r.reason));
		expect(reasons.filter((r) => r === 'invalid')).toHaveLength(
			auth.MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS
		);
		expect(reasons.filter((r) => r === 'rate_limited')).toHaveLength(
			100 - auth.MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS
		);
		// Only the attempts that were checked are on record.
		const rows = db.$client
			.prepare("select count(*) n from login_failures where key like 'account-address:%'")
			.get() as { n: number };
		expect(rows.n).toBe(auth.MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS);
	});

	it('caps failures per account over all addresses at 100 an hour', async () => {
		const { db } = await setup();
		const now = Date.now();
		// 100 failures from 25 addresses, 4 each: no address reaches its own limits.
		const tries = Array.from({ length: auth.MAX_FAILURES_PER_ACCOUNT }, (_, i) =>
			jeanne(`wrong ${i}`, `198.51.100.${i % 25}`)
		);
		const results = await Promise.all(tries.map((t) => auth.login(db, t, now)));
		expect(results.every((r) => !r.ok && r.reason === 'invalid')).toBe(true);
		expect(
			await auth.login(db, jeanne(right, '192.0.2.200'), now + auth.LOGIN_WINDOW_MS + 1)
		).toEqual({ ok: false, reason: 'rate_limited' });
		// Other accounts are not touched.
		await accounts.add(db, {
			email: 'paul@example.org',
			name: 'Paul',
			password: 'un tout autre mot de passe',
			role: 'organiser'
		});
		expect(
			(
				await auth.login(
					db,
					{
						email: 'paul@example.org',
						password: 'un tout autre mot de passe',
						address: '192.0.2.200'
					},
					now
				)
			).ok
		).toBe(true);
		expect(
			(await auth.login(db, jeanne(right, '192.0.2.200'), now + auth.ACCOUNT_WINDOW_MS + 1)).ok
		).toBe(true);
	});

	it('forgets the account failures on success, and the limit is in the database', async () => {
		const { db } = await setup();
		const now = Date.now();
		for (let i = 0; i < 4; i++) await auth.login(db, jeanne(`wrong ${i}`, address), now);
		expect((await auth.login(db, jeanne(right, address), now)).ok).toBe(true);
		const keys = db.$client.prepare('select key from login_failures order by id').all() as {
			key: string;
		}[];
		// The address keeps its failures (it guessed wrong four times), the account does not.
		expect(keys.map((k) => k.key)).toEqual(Array(4).fill(`address:${address}`));
		for (let i = 0; i < auth.MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
			expect(await auth.login(db, jeanne(`wrong ${i}`, address), now)).toEqual({
				ok: false,
				reason: 'invalid'
			});
		}
	});
});

describe('changing one’s own password', () => {
	const newPassword = 'trois pommes sur la table du jardin';

	it('checks the new one first, then the current one against the login limits, and ends the other sessions', async () => {
		const { db, jeanne } = await setup();
		const open = async () => {
			const r = await auth.login(db, {
				email: 'jeanne@example.org',
				password: 'les communs numériques',
				address
			});
			if (!r.ok) throw new Error('login failed');
			return r.token;
		};
		const here = await open();
		const elsewhere = await open();
		const change = (current: string, password: string, confirm = password) =>
			auth.changePassword(db, {
				account: jeanne,
				current,
				password,
				confirm,
				address,
				sessionToken: here
			});
		const failures = () =>
			(db.$client.prepare('select count(*) n from login_failures').get() as { n: number }).n;

		expect(await change('', 'aaaaaaaaaaaa')).toEqual({
			ok: false,
			reason: 'invalid',
			problems: [
				{ field: 'current', code: 'required' },
				{ field: 'password', code: 'too_guessable' }
			]
		});
		expect(await change('les communs numériques', 'jeanne@example.org2026')).toMatchObject({
			problems: [{ field: 'password', code: 'too_guessable' }]
		});
		expect(await change('les communs numériques', newPassword, `${newPassword}.`)).toMatchObject({
			problems: [{ field: 'confirm', code: 'mismatch' }]
		});
		// A typo in the new password costs no attempt.
		expect(failures()).toBe(0);

		expect(await change('not the password at all', newPassword)).toEqual({
			ok: false,
			reason: 'invalid',
			problems: [{ field: 'current', code: 'wrong' }]
		});
		expect(failures()).toBeGreaterThan(0);
		expect(auth.validateSession(db, elsewhere)).not.toBeNull();
		expect(
			(await auth.login(db, { email: 'jeanne@example.org', password: newPassword, address })).ok
		).toBe(false);

		expect(await change('les communs numériques', newPassword)).toEqual({ ok: true });
		expect(auth.validateSession(db, here)?.email).toBe('jeanne@example.org');
		expect(auth.validateSession(db, elsewhere)).toBeNull();
		expect(
			(
				await auth.login(db, {
					email: 'jeanne@example.org',
					password: 'les communs numériques',
					address: '192.0.2.77'
				})
			).ok
		).toBe(false);
		expect(
			(
				await auth.login(db, {
					email: 'jeanne@example.org',
					password: newPassword,
					address: '192.0.2.77'
				})
			).ok
		).toBe(true);
	});

	it('cannot be used to guess the current password: wrong ones count as failed logins', async () => {
		const { db, jeanne } = await setup();
		const r = await auth.login(db, {
			email: 'jeanne@example.org',
			password: 'les communs numériques',
			address
		});
		if (!r.ok) throw new Error('login failed');
		const guesses = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				auth.changePassword(db, {
					account: jeanne,
					current: `guess number ${i}`,
					password: newPassword,
					confirm: newPassword,
					address,
					sessionToken: r.token
				})
			)
		);
		expect(guesses.filter((g) => !g.ok && g.reason === 'invalid')).toHaveLength(
			auth.MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS
		);
		expect(
			await auth.changePassword(db, {
				account: jeanne,
				current: 'les communs numériques',
				password: newPassword,
				confirm: newPassword,
				address,
				sessionToken: r.token
			})
		).toEqual({
			ok: false,
			reason: 'rate_limited'
		});
		expect(
			(
				await auth.login(db, {
					email: 'jeanne@example.org',
					password: 'les communs numériques',
					address: '192.0.2.78'
				})
			).ok
		).toBe(true);
	});
});

describe('members', () => {
	it('log in under the same rules as organisers, and their session carries their language, never their hash or name key', async () => {
		const db = memoryDb();
		const member = await accounts.signUp(db, {
			email: 'ada@example.org',
			name: 'Ada',
			password: 'les communs numériques',
			locale: 'en'
		});
		const wrong = await auth.login(db, {
			email: 'ada@example.org',
			password: 'pas le bon mot de passe',
			address
		});
		expect(wrong).toEqual({ ok: false, reason: 'invalid' });
		const login = await auth.login(db, {
			email: 'ADA@example.org',
			password: 'les communs numériques',
			address
		});
		expect(login.ok).toBe(true);
		if (!login.ok) return;
		const account = auth.validateSession(db, login.token)!;
		expect(account).toMatchObject({ id: member.id, role: 'member', locale: 'en', name: 'Ada' });
		expect(Object.keys(account).sort()).toEqual(
			[
				'banReason',
				'bannedAt',
				'bannedUntil',
				'createdAt',
				'disabledAt',
				'email',
				'emailConfirmedAt',
				'emailFrequency',
				'heldAt',
				'holdReason',
				'id',
				'locale',
				'name',
				'role',
				'trustedAt',
				'updatedAt'
			].sort()
		);
		expect(login.account).toEqual(account);
	});
});
