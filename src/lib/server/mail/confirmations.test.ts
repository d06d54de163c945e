import { afterEach, describe, expect, it } from 'vitest';
import * as accounts from '../accounts/accounts';
import * as limits from '../abuse/limits';
import { memoryDb } from '../testing/db';
import * as confirmations from './confirmations';
import * as reset from './reset';
import * as mailing from './sending';

const password = 'une phrase de passe assez longue';

type OutboxRow = {
	to_address: string;
	kind: string;
	locale: string;
	subject: string;
	text_body: string;
};
const queued = (db: ReturnType<typeof memoryDb>) =>
	db.$client.prepare('select * from outbox order by id').all() as OutboxRow[];
/** The token in an emailed link. */
const tokenIn = (text: string, path: string) =>
	new RegExp(`https://hub\\.example\\.org/(fr|en)/${path}/([A-Za-z0-9_-]{43})`).exec(text)?.[2] ??
	'';

afterEach(() => {
	mailing.setSending(false);
	mailing.setLinkOrigin(null);
	limits.enforce(false);
});

/** A hub that sends email, with its limits on (the unit project lifts them elsewhere). */
function sendingHub() {
	limits.enforce(true);
	mailing.setSending(true);
	mailing.setLinkOrigin('https://hub.example.org');
	return memoryDb();
}

describe('confirmations', () => {
	it('queues nothing and asks for nothing when the hub sends no email', async () => {
		const db = memoryDb();
		const account = await accounts.signUp(db, {
			email: 'a@example.org',
			name: 'Sans courriel',
			password,
			locale: 'fr'
		});
		expect(queued(db)).toEqual([]);
		expect(confirmations.statusOf(account)).toEqual({ sending: false, confirmed: false });
		expect(confirmations.resend(db, account, 0)).toEqual({ ok: false, reason: 'not_sending' });
	});

	it('queues the confirmation in the member’s language with a link that confirms once', async () => {
		const db = sendingHub();
		const en = await accounts.signUp(
			db,
			{ email: 'en@example.org', name: 'English Reader', password, locale: 'en' },
			{ now: 1000 }
		);
		await accounts.signUp(db, {
			email: 'fr@example.org',
			name: 'Lectrice',
			password,
			locale: 'fr'
		});
		const [toEn, toFr] = queued(db);
		expect(toEn).toMatchObject({ to_address: 'en@example.org', kind: 'confirm', locale: 'en' });
		expect(toEn!.subject).toBe('Confirm your email address');
		expect(toEn!.text_body).toContain('Hello English Reader,');
		expect(toFr!.subject).toBe('Confirmez votre adresse e-mail');
		expect(toFr!.text_body).toContain('https://hub.example.org/fr/confirm/');

		const token = tokenIn(toEn!.text_body, 'confirm');
		expect(confirmations.check(db, token, 2000)).toEqual({ ok: true, accountId: en.id });
		expect(accounts.findById(db, en.id)!.emailConfirmedAt).toBeNull();
		expect(confirmations.confirm(db, token, 3000).ok).toBe(true);
		expect(accounts.findById(db, en.id)!.emailConfirmedAt).toBe(3000);
		expect(confirmations.confirm(db, token, 4000)).toEqual({ ok: false, reason: 'used' });
		expect(accounts.findById(db, en.id)!.emailConfirmedAt).toBe(3000);
	});

	it('refuses a link older than 7 days', async () => {
		const db = sendingHub();
		await accounts.signUp(
			db,
			{ email: 'late@example.org', name: 'Late', password, locale: 'en' },
			{ now: 0 }
		);
		const token = tokenIn(queued(db)[0]!.text_body, 'confirm');
		expect(confirmations.confirm(db, token, confirmations.CONFIRM_TTL_MS)).toEqual({
			ok: false,
			reason: 'expired'
		});
	});

	it('sends the link again a few times an hour, not more, and never once confirmed', async () => {
		const db = sendingHub();
		const account = await accounts.signUp(db, {
			email: 'again@example.org',
			name: 'Again',
			password,
			locale: 'en'
		});
		for (let i = 0; i < confirmations.RESEND_LIMIT.max; i++)
			expect(confirmations.resend(db, account, 10 + i)).toEqual({ ok: true });
		expect(() => confirmations.resend(db, account, 20)).toThrow(limits.RateLimited);
		expect(queued(db)).toHaveLength(1 + confirmations.RESEND_LIMIT.max);
		confirmations.confirm(db, tokenIn(queued(db).at(-1)!.text_body, 'confirm'), 30);
		expect(confirmations.resend(db, account, 4e6)).toEqual({ ok: false, reason: 'confirmed' });
	});
});

describe('password reset', () => {
	it('answers the same for an unknown address, and queues a link only for an account', async () => {
		const db = sendingHub();
		await accounts.signUp(db, {
			email: 'known@example.org',
			name: 'Known',
			password,
			locale: 'fr'
		});
		db.$client.prepare('delete from outbox').run();
		expect(reset.request(db, 'nobody@example.org', '10.0.0.1', 0)).toBeUndefined();
		expect(queued(db)).toEqual([]);
		expect(reset.request(db, ' KNOWN@example.org ', '10.0.0.1', 0)).toBeUndefined();
		expect(queued(db)).toMatchObject([
			{ to_address: 'known@example.org', kind: 'reset', locale: 'fr' }
		]);
	});

	it('limits per address asked for, existing or not, and per client', () => {
		const db = sendingHub();
		for (let i = 0; i < reset.PER_EMAIL.max; i++) reset.request(db, 'x@example.org', `c${i}`, 0);
		expect(() => reset.request(db, 'X@example.org', 'another', 1)).toThrow(limits.RateLimited);
		for (let i = 0; i < reset.PER_CLIENT.max; i++) reset.request(db, `y${i}@example.org`, 'me', 0);
		expect(() => reset.request(db, 'z@example.org', 'me', 1)).toThrow(limits.RateLimited);
		expect(() =>
			reset.request(db, 'z@example.org', 'me', reset.PER_CLIENT.windowMs + 1)
		).not.toThrow();
	});

	it('sets a new password once with the link, ends every session, and kills older links', async () => {
		const db = sendingHub();
		const account = await accounts.signUp(db, {
			email: 'r@example.org',
			name: 'Resetter',
			password,
			locale: 'en'
		});
		db.$client
			.prepare(
				'insert into sessions (token_hash, account_id, created_at, last_seen_at, expires_at) values (?, ?, 0, 0, 9e15)'
			)
			.run('h', account.id);
		reset.request(db, 'r@example.org', 'c', 100);
		reset.request(db, 'r@example.org', 'c', 200);
		const [older, newer] = queued(db)
			.filter((r) => r.kind === 'reset')
			.map((r) => tokenIn(r.text_body, 'password-reset'));
		const newPassword = 'un tout autre secret bien long';

		expect(
			await reset.resetPassword(db, { token: newer!, password: 'short', confirm: 'short' }, 300)
		).toMatchObject({
			ok: false,
			reason: 'problems',
			problems: [{ field: 'password', code: 'too_short' }]
		});
		expect(
			await reset.resetPassword(db, { token: newer!, password: newPassword, confirm: 'other' }, 300)
		).toMatchObject({ ok: false, problems: [{ field: 'confirm', code: 'mismatch' }] });
		// A refused try keeps the link.
		expect(reset.check(db, newer!, 300).ok).toBe(true);
		expect(
			await reset.resetPassword(
				db,
				{ token: newer!, password: newPassword, confirm: newPassword },
				300
			)
		).toMatchObject({ ok: true });
		expect(db.$client.prepare('select count(*) from sessions').pluck().get()).toBe(0);
		expect(accounts.findById(db, account.id)!.emailConfirmedAt).toBe(300);
		for (const token of [newer!, older!])
			expect(
				await reset.resetPassword(db, { token, password: newPassword, confirm: newPassword }, 301)
			).toEqual({ ok: false, reason: 'token', token: 'used' });
	});

	it('refuses a link after an hour', async () => {
		const db = sendingHub();
		await accounts.signUp(db, { email: 'o@example.org', name: 'Old', password, locale: 'en' });
		reset.request(db, 'o@example.org', 'c', 0);
		const token = tokenIn(queued(db).at(-1)!.text_body, 'password-reset');
		const newPassword = 'un tout autre secret bien long';
		expect(
			await reset.resetPassword(
				db,
				{ token, password: newPassword, confirm: newPassword },
				reset.RESET_TTL_MS
			)
		).toEqual({ ok: false, reason: 'token', token: 'expired' });
	});
});
