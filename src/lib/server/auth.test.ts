import { describe, expect, it } from 'vitest';
import * as auth from './auth';
import * as organisers from './organisers';
import { memoryDb } from './testing/db';

async function setup() {
	const db = memoryDb();
	const jeanne = await organisers.addOrganiser(db, {
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
			organisers.addOrganiser(db, { email: 'JEANNE@example.org', name: 'J', password: 'une autre phrase longue' })
		).rejects.toMatchObject({ problems: [{ field: 'email', code: 'taken' }] });
		await expect(organisers.addOrganiser(db, { email: 'nope', name: '', password: 'password1234' })).rejects.toMatchObject({
			problems: [
				{ field: 'email', code: 'invalid' },
				{ field: 'name', code: 'required' },
				{ field: 'password', code: 'too_common' }
			]
		});
		expect(organisers.listOrganisers(db)).toHaveLength(1);
	});
});

describe('login and sessions', () => {
	it('opens a session with a random token of which only the hash is stored', async () => {
		const { db } = await setup();
		const result = await auth.login(db, { email: ' JEANNE@example.org ', password: 'les communs numériques', address });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(Buffer.from(result.token, 'base64url').length).toBeGreaterThanOrEqual(16);
		const stored = db.$client.prepare('select token_hash from sessions').all() as { token_hash: string }[];
		expect(stored).toEqual([{ token_hash: auth.hashToken(result.token) }]);
		expect(stored[0]!.token_hash).not.toContain(result.token);
		expect(auth.validateSession(db, result.token)?.email).toBe('jeanne@example.org');

		const again = await auth.login(db, { email: 'jeanne@example.org', password: 'les communs numériques', address });
		expect(again.ok && again.token).not.toBe(result.token);
		auth.endSession(db, result.token);
		expect(auth.validateSession(db, result.token)).toBeNull();
	});

	it('answers the same for an unknown address and a wrong password', async () => {
		const { db } = await setup();
		expect(await auth.login(db, { email: 'nobody@example.org', password: 'whatever it is', address })).toEqual({
			ok: false,
			reason: 'invalid'
		});
		expect(await auth.login(db, { email: 'jeanne@example.org', password: 'wrong password!', address })).toEqual({
			ok: false,
			reason: 'invalid'
		});
	});

	it('ends sessions after idle time, absolute time, logout, disabling or a password reset', async () => {
		const { db } = await setup();
		const open = async (now: number) => {
			const r = await auth.login(db, { email: 'jeanne@example.org', password: 'les communs numériques', address }, now);
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
		await organisers.resetPassword(db, 'jeanne@example.org', 'une nouvelle phrase de passe');
		expect(auth.validateSession(db, beforeReset)).toBeNull();

		const beforeDisable = await open(Date.now()).catch(() => null);
		expect(beforeDisable).toBeNull(); // the old password no longer works
		const r = await auth.login(db, { email: 'jeanne@example.org', password: 'une nouvelle phrase de passe', address });
		expect(r.ok).toBe(true);
		organisers.disableOrganiser(db, 'jeanne@example.org');
		expect(auth.validateSession(db, r.ok ? r.token : '')).toBeNull();
		expect((await auth.login(db, { email: 'jeanne@example.org', password: 'une nouvelle phrase de passe', address })).ok).toBe(false);
	});

	it('limits failures per account and per address, even with the right password', async () => {
		const { db } = await setup();
		const now = Date.now();
		for (let i = 0; i < auth.MAX_FAILURES_PER_ACCOUNT; i++) {
			await auth.login(db, { email: 'jeanne@example.org', password: `wrong ${i}`, address }, now);
		}
		const blocked = await auth.login(db, { email: 'jeanne@example.org', password: 'les communs numériques', address: '198.51.100.7' }, now);
		expect(blocked).toEqual({ ok: false, reason: 'rate_limited' });
		// After the window, the right password works again.
		const later = await auth.login(
			db,
			{ email: 'jeanne@example.org', password: 'les communs numériques', address: '198.51.100.7' },
			now + auth.LOGIN_WINDOW_MS + 1
		);
		expect(later.ok).toBe(true);

		for (let i = 0; i < auth.MAX_FAILURES_PER_ADDRESS; i++) {
			await auth.login(db, { email: `someone${i}@example.org`, password: 'nope nope nope', address: '203.0.113.9' }, now);
		}
		expect(
			await auth.login(db, { email: 'jeanne@example.org', password: 'les communs numériques', address: '203.0.113.9' }, now)
		).toEqual({ ok: false, reason: 'rate_limited' });
	});
});
