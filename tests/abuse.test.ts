import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import * as accounts from '../src/lib/server/accounts/accounts';
import * as altcha from '../src/lib/server/abuse/altcha';
import * as traps from '../src/lib/server/abuse/traps';
import * as settings from '../src/lib/server/moderation/settings';
import { getPage, textOf, useServer } from './helpers/http';
import { formIssued, loginCookie, postForm, serverDb, useOwnServer } from './helpers/organiser';
import { startServer, type RunningServer } from './helpers/server';

// The limits and the forms' minimum time as in production: this file is about them.
const ENV = { RATE_LIMITS: 'on', FORM_MIN_SECONDS: '3' };
const server = useOwnServer({ env: ENV });

const PASSWORD = 'une phrase de passe assez longue';
const EVENT = '/fr/events/ngi-forum-2025';
let counter = 0;

function newMember(overrides: Record<string, string> = {}) {
	const n = `${process.pid}-${Date.now().toString(36)}-${++counter}`;
	return {
		name: `Garde ${n}`,
		email: `garde-${n}@example.org`,
		password: PASSWORD,
		locale: 'fr',
		...overrides
	};
}

async function member() {
	const details = newMember();
	const account = await accounts.add(serverDb(), { ...details, role: 'member' });
	return { ...account, cookie: await loginCookie(details.email, PASSWORD) };
}

const db = () => serverDb().$client;
const count = (sql: string, ...params: unknown[]) =>
	(
		db()
			.prepare(sql)
			.get(...params) as { n: number }
	).n;
const accountsWithEmail = (email: string) =>
	count('select count(*) n from accounts where email = ?', email);
const messagesWith = (body: string) =>
	count('select count(*) n from messages where body = ?', body);
const trapped = (kind: string) =>
	(
		db().prepare('select coalesce(sum(count), 0) n from trap_counts where kind = ?').get(kind) as {
			n: number;
		}
	).n;
const sessionOf = (response: Response) =>
	response.headers.getSetCookie().find((c) => c.startsWith('session=')) ?? null;

// Each test signs up from 127.0.0.1 with a limit of its own to reach.
beforeEach(() => {
	db().prepare("delete from rate_hits where key like 'signup:%'").run();
});

describe('traps on sign-up', () => {
	it('answers a filled honeypot exactly as a sign-up, makes nothing and counts it', async () => {
		const real = newMember();
		const ok = await postForm('/fr/join', real);
		expect(ok.status).toBe(303);
		for (const website of ['http://spam.example', '\u202e'.repeat(3), 'x'.repeat(16 * 1024)]) {
			const before = trapped('join.honeypot');
			const bot = newMember({ website });
			const response = await postForm('/fr/join', bot);
			expect(response.status).toBe(303);
			expect(response.headers.get('location')).toBe(ok.headers.get('location'));
			expect(sessionOf(response)).toBeNull();
			expect(accountsWithEmail(bot.email)).toBe(0);
			expect(trapped('join.honeypot')).toBe(before + 1);
		}
	});

	it('takes a form sent back within 3 seconds for a script’s, and one without or with a forged moment', async () => {
		const fast = newMember({ [traps.ISSUED_FIELD]: formIssued(1000, 'join') });
		const before = trapped('join.too_fast');
		const response = await postForm('/fr/join', fast);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/fr/account');
		expect(accountsWithEmail(fast.email)).toBe(0);
		expect(trapped('join.too_fast')).toBe(before + 1);

		const [at, nonce, signature] = formIssued(10_000, 'join').split('.') as [
			string,
			string,
			string
		];
		const forgedBefore = trapped('join.forged');
		const forged = [
			'',
			`${Number(at) - 60_000}.${nonce}.${signature}`,
			`${at}.${nonce}.${'A'.repeat(43)}`,
			`${at}\u200b.${nonce}.${signature}`,
			'x'.repeat(16 * 1024),
			// A member's message form's moment (a forum page's) does not open the sign-up form.
			formIssued(10_000, 'message')
		];
		for (const value of forged) {
			const bot = newMember({ [traps.ISSUED_FIELD]: value });
			const answer = await postForm('/fr/join', bot);
			expect(answer.status).toBe(303);
			expect(sessionOf(answer)).toBeNull();
			expect(accountsWithEmail(bot.email)).toBe(0);
		}
		expect(trapped('join.forged')).toBe(forgedBefore + forged.length);
	});

	it('tells someone whose form was opened more than a day ago, keeping what they typed', async () => {
		const late = newMember({ [traps.ISSUED_FIELD]: formIssued(25 * 3600_000, 'join') });
		const { response, html, doc } = await postPage('/en/join', late);
		expect(response.status).toBe(400);
		expect(textOf(doc.querySelector('[role=alert]'))).toContain('more than a day ago');
		expect(html).toContain(`value="${late.email}"`);
		expect(accountsWithEmail(late.email)).toBe(0);
		// A fresh moment comes with the answer, for the next try.
		const fresh = doc.querySelector(`input[name=${traps.ISSUED_FIELD}]`)!.getAttribute('value')!;
		expect(traps.issuedAt(serverDb(), 'join', fresh)).toBeGreaterThan(Date.now() - 60_000);
	});

	it('lets a refused form be sent again with its moment, but a form that made an account only once', async () => {
		const stamp = formIssued(10_000, 'join');
		const typo = newMember({ email: 'pas une adresse', [traps.ISSUED_FIELD]: stamp });
		expect((await postForm('/fr/join', typo)).status).toBe(400);
		const person = newMember({ [traps.ISSUED_FIELD]: stamp });
		const made = await postForm('/fr/join', person);
		expect(made.status).toBe(303);
		expect(sessionOf(made)).not.toBeNull();
		expect(accountsWithEmail(person.email)).toBe(1);

		const before = trapped('join.replayed');
		for (let i = 0; i < 3; i++) {
			const bot = newMember({ [traps.ISSUED_FIELD]: stamp });
			const again = await postForm('/fr/join', bot);
			expect(again.status).toBe(303);
			expect(again.headers.get('location')).toBe(made.headers.get('location'));
			expect(sessionOf(again)).toBeNull();
			expect(accountsWithEmail(bot.email)).toBe(0);
		}
		expect(trapped('join.replayed')).toBe(before + 3);
		// Replays are no sign-ups: only the one account made counts towards the limit.
		expect(count("select count(*) n from rate_hits where key like 'signup:%'")).toBe(1);
	});

	it('counts a sign-up refused for a taken address towards the limit, so addresses cannot be tried without end', async () => {
		const taken = newMember();
		expect((await postForm('/fr/join', taken)).status).toBe(303);
		for (let i = 0; i < 4; i++) {
			// With or without another mistake on purpose.
			const again = newMember({ email: taken.email, password: i % 2 ? 'court' : PASSWORD });
			expect((await postForm('/fr/join', again)).status, `try ${i + 1}`).toBe(400);
		}
		const probe = await postForm('/fr/join', newMember({ email: taken.email }));
		expect(probe.status).toBe(429);
		// A plain typo still gives its count back (tested with the limit below).
	});

	it('puts the honeypot out of sight and reach, and a signed moment, in the join form', async () => {
		const { doc } = await getPage('/en/join');
		const form = doc.querySelector('main form')!;
		const wrapper = form.querySelector('.form-trap')!;
		expect(wrapper.getAttribute('aria-hidden')).toBe('true');
		const honeypot = wrapper.querySelector('input')!;
		expect(honeypot.getAttribute('name')).toBe('website');
		expect(honeypot.getAttribute('tabindex')).toBe('-1');
		expect(honeypot.getAttribute('autocomplete')).toBe('off');
		expect(textOf(wrapper.querySelector('label'))).toContain('Leave this field empty');
		const issued = form.querySelector(`input[name=${traps.ISSUED_FIELD}]`)!.getAttribute('value')!;
		expect(Math.abs(traps.issuedAt(serverDb(), 'join', issued)! - Date.now())).toBeLessThan(60_000);
		expect(traps.issuedAt(serverDb(), 'message', issued)).toBeNull();
	});
});

async function postPage(path: string, fields: Record<string, string>, cookie?: string) {
	const response = await postForm(path, fields, cookie ? { cookie } : {});
	const html = await response.text();
	const { parse } = await import('node-html-parser');
	return { response, html, doc: parse(html) };
}

describe('traps on messages', () => {
	it('saves nothing of a caught message, topic, answer or edit, answers as if saved, and counts it', async () => {
		const alice = await member();
		const written = await postForm(
			`${EVENT}?/write`,
			{ body: 'Un vrai message.', locale: 'fr' },
			{ cookie: alice.cookie }
		);
		expect(written.status).toBe(303);
		const messageId = Number(/#m(\d+)$/.exec(written.headers.get('location')!)![1]);
		// 10 s between messages: clear this member's count, the traps are judged before it anyway.
		const clear = () =>
			db().prepare('delete from rate_hits where key like ?').run(`account:${alice.id}:%`);
		clear();

		const caught = { website: 'https://spam.example' };
		const before = trapped('message.honeypot');
		const onEvent = await postForm(
			`${EVENT}?/write`,
			{ body: 'Spam du pot de miel', locale: 'fr', ...caught },
			{ cookie: alice.cookie }
		);
		expect(onEvent.status).toBe(303);
		// The shape of a saved message's answer (`?page=N#m{id}`): the page a new one would be on.
		expect(onEvent.headers.get('location')).toBe(`${EVENT}?page=1#discussion`);
		const reply = await postForm(
			`/fr/messages/${messageId}/reply`,
			{ body: 'Spam du pot de miel', locale: 'fr', [traps.ISSUED_FIELD]: formIssued(500) },
			{ cookie: alice.cookie }
		);
		expect(reply.status).toBe(303);
		expect(reply.headers.get('location')).toMatch(new RegExp(`#m${messageId}$`));
		const topic = await postForm(
			'/fr/forum/new',
			{ title: 'Sujet piège', body: 'Spam du pot de miel', locale: 'fr', ...caught },
			{ cookie: alice.cookie }
		);
		expect(topic.status).toBe(303);
		expect(topic.headers.get('location')).toBe('/fr/forum');
		const edit = await postForm(
			`/fr/messages/${messageId}/edit`,
			{ body: 'Spam du pot de miel', locale: 'fr', [traps.ISSUED_FIELD]: 'forged' },
			{ cookie: alice.cookie }
		);
		expect(edit.status).toBe(303);
		expect(messagesWith('Spam du pot de miel')).toBe(0);
		expect(count("select count(*) n from discussions where title = 'Sujet piège'")).toBe(0);
		expect(db().prepare('select body, version from messages where id = ?').get(messageId)).toEqual({
			body: 'Un vrai message.',
			version: 1
		});
		expect(trapped('message.honeypot')).toBe(before + 1);
		expect(trapped('message.too_fast')).toBeGreaterThanOrEqual(1);
		expect(trapped('topic.honeypot')).toBeGreaterThanOrEqual(1);
		expect(trapped('edit.forged')).toBeGreaterThanOrEqual(1);
		// Organisers see the counts of the last days.
		const kinds = traps.counts(serverDb(), 1).map((c) => c.kind);
		expect(kinds).toEqual(expect.arrayContaining(['message.honeypot', 'topic.honeypot']));
	});

	it('gives a member’s message form the traps too', async () => {
		const alice = await member();
		const { doc } = await getPage(EVENT, { cookie: alice.cookie });
		const form = doc.querySelector('form.message-form')!;
		expect(form.querySelector('.form-trap input[name=website]')).not.toBeNull();
		const issued = form.querySelector(`input[name=${traps.ISSUED_FIELD}]`)!.getAttribute('value')!;
		expect(traps.issuedAt(serverDb(), 'message', issued)).not.toBeNull();
		expect(traps.issuedAt(serverDb(), 'join', issued)).toBeNull();
	});

	it('saves one message per handed-out form: sent again, it is caught; refused, it may be sent again', async () => {
		const dora = await member();
		const clear = () =>
			db().prepare('delete from rate_hits where key like ?').run(`account:${dora.id}:%`);
		const stamp = formIssued();
		const refused = await postForm(
			`${EVENT}?/write`,
			{ body: '', locale: 'fr', [traps.ISSUED_FIELD]: stamp },
			{ cookie: dora.cookie }
		);
		expect(refused.status).toBe(400);
		const body = `Message unique ${dora.id}`;
		const saved = await postForm(
			`${EVENT}?/write`,
			{ body, locale: 'fr', [traps.ISSUED_FIELD]: stamp },
			{ cookie: dora.cookie }
		);
		expect(saved.status).toBe(303);
		expect(messagesWith(body)).toBe(1);
		const messageId = Number(/#m(\d+)$/.exec(saved.headers.get('location')!)![1]);

		const before = trapped('message.replayed');
		for (const [path, fields, kind] of [
			[`${EVENT}?/write`, { body: `${body} bis`, locale: 'fr' }, 'message'],
			[`/fr/messages/${messageId}/reply`, { body: `${body} bis`, locale: 'fr' }, 'message'],
			[`/fr/messages/${messageId}/edit`, { body: `${body} bis`, locale: 'fr' }, 'edit'],
			['/fr/forum/new', { title: `Sujet ${body}`, body: `${body} bis`, locale: 'fr' }, 'topic']
		] as const) {
			clear();
			const trappedBefore = trapped(`${kind}.replayed`);
			const again = await postForm(
				path,
				{ ...fields, [traps.ISSUED_FIELD]: stamp },
				{ cookie: dora.cookie }
			);
			expect(again.status, path).toBe(303);
			expect(trapped(`${kind}.replayed`), path).toBe(trappedBefore + 1);
		}
		expect(trapped('message.replayed')).toBe(before + 2);
		expect(messagesWith(`${body} bis`)).toBe(0);
		expect(messagesWith(body)).toBe(1);
		// A new form (a new page) saves again.
		clear();
		const next = await postForm(
			`${EVENT}?/write`,
			{ body: `${body} ter`, locale: 'fr' },
			{ cookie: dora.cookie }
		);
		expect(next.status).toBe(303);
		expect(messagesWith(`${body} ter`)).toBe(1);
	});
});

describe('rate limits', () => {
	it('answers a second message within 10 s with 429, Retry-After and the text kept', async () => {
		const bob = await member();
		const first = await postForm(
			`${EVENT}?/write`,
			{ body: 'Premier message de Bob.', locale: 'fr' },
			{ cookie: bob.cookie }
		);
		expect(first.status).toBe(303);
		const text = 'Deuxième message, trop tôt\u202e <b>gras</b>';
		const { response, html } = await postPage(
			`/en/events/ngi-forum-2025?/write`,
			{ body: text, locale: 'fr' },
			bob.cookie
		);
		expect(response.status).toBe(429);
		const retryAfter = Number(response.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThanOrEqual(1);
		expect(retryAfter).toBeLessThanOrEqual(10);
		expect(html).toContain('You are posting too fast');
		expect(html).toContain('Deuxième message, trop tôt\u202e &lt;b>gras&lt;/b>');
		expect(messagesWith(text)).toBe(0);
	});

	it('lets parallel messages of one member through one at a time', async () => {
		const carol = await member();
		const answers = await Promise.all(
			Array.from({ length: 5 }, (_, i) =>
				postForm(
					`${EVENT}?/write`,
					{ body: `Parallèle ${carol.id} ${i}`, locale: 'fr' },
					{ cookie: carol.cookie }
				)
			)
		);
		expect(answers.map((a) => a.status).sort()).toEqual([303, 429, 429, 429, 429]);
		expect(count('select count(*) n from messages where author_id = ?', carol.id)).toBe(1);
	});

	it('refuses a new member’s message with 3 links, keeping it', async () => {
		settings.write(serverDb(), { heldFirstMessages: 3 });
		try {
			const fresh = await member();
			const body = 'Voir https://a.example, [b](https://b.example) et www.c.example';
			const { response, html } = await postPage(
				`/en/events/ngi-forum-2025?/write`,
				{ body, locale: 'fr' },
				fresh.cookie
			);
			expect(response.status).toBe(400);
			expect(html).toContain('at most 2 links');
			expect(html).toContain('https://a.example, [b](https://b.example)');
			expect(messagesWith(body)).toBe(0);
		} finally {
			settings.write(serverDb(), { heldFirstMessages: 0 });
		}
	});

	it('refuses a sixth sign-up from one address in an hour, keeping what was typed, and still after a restart', async () => {
		for (let i = 0; i < 5; i++) {
			// A refused sign-up (a bad address) is no sign-up: it does not count.
			if (i === 4) expect((await postForm('/fr/join', newMember({ email: 'x' }))).status).toBe(400);
			const response = await postForm('/fr/join', newMember());
			expect(response.status, `sign-up ${i + 1}`).toBe(303);
		}
		const sixth = newMember({ name: `Sixième \u200b${counter}` });
		const { response, html } = await postPage('/en/join', sixth);
		expect(response.status).toBe(429);
		expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(3000);
		expect(html).toContain('Too many accounts were made from your connection');
		expect(html).toContain(`value="${sixth.email}"`);
		expect(html).not.toContain(PASSWORD);
		expect(accountsWithEmail(sixth.email)).toBe(0);

		// The limit is rows in the database: a new server process over it keeps it.
		const first = server();
		await first.stop();
		let again: RunningServer | undefined;
		try {
			again = await startServer({ databasePath: first.databasePath, env: ENV });
			useServer(again);
			const afterRestart = newMember();
			const refused = await postForm('/fr/join', afterRestart);
			expect(refused.status).toBe(429);
			expect(accountsWithEmail(afterRestart.email)).toBe(0);
		} finally {
			await again?.stop();
			// The rest of the file runs on a server over the same database.
			const last = await startServer({ databasePath: first.databasePath, env: ENV });
			useServer(last);
			restarted.push(last);
		}
	});
});

const restarted: RunningServer[] = [];
afterAll(async () => {
	for (const s of restarted) await s.stop();
});

describe('ALTCHA on sign-up', () => {
	const solved = async () => {
		const challenge = await altcha.challenge(serverDb(), Date.now());
		const solution = (await solveChallenge({ challenge, deriveKey }))!;
		return altcha.encode({ challenge, solution });
	};

	it('is off by default: the join page carries no challenge', async () => {
		const { html } = await getPage('/en/join');
		expect(html).not.toContain('name="altcha"');
	});

	it('signs up with a solved challenge unheld, without one held, and refuses one used again', async () => {
		settings.write(serverDb(), { altchaOnSignUp: true });
		try {
			const { html, doc } = await getPage('/en/join');
			expect(html).toContain('name="altcha"');
			expect(textOf(doc.querySelector('noscript'))).toContain('Without JavaScript');

			const proof = await solved();
			const withProof = newMember({ altcha: proof });
			const ok = await postForm('/fr/join', withProof);
			expect(ok.status).toBe(303);
			expect(
				db()
					.prepare('select held_at, hold_reason from accounts where email = ?')
					.get(withProof.email)
			).toEqual({ held_at: null, hold_reason: null });

			const replayed = newMember({ altcha: proof });
			const { response, html: refusedHtml } = await postPage('/en/join', replayed);
			expect(response.status).toBe(400);
			expect(refusedHtml).toContain('The anti-robot check failed or was already used');
			expect(refusedHtml).toContain(`value="${replayed.email}"`);
			expect(accountsWithEmail(replayed.email)).toBe(0);

			for (const garbage of ['x'.repeat(16 * 1024), '\u202e\u200b', 'eyJ9']) {
				const bad = newMember({ altcha: garbage });
				expect((await postForm('/fr/join', bad)).status).toBe(400);
				expect(accountsWithEmail(bad.email)).toBe(0);
			}

			const withoutScript = newMember({ locale: 'en' });
			const held = await postForm('/fr/join', withoutScript);
			expect(held.status).toBe(303);
			expect(
				db()
					.prepare('select held_at is not null as held, hold_reason from accounts where email = ?')
					.get(withoutScript.email)
			).toEqual({ held: 1, hold_reason: 'no_proof' });
			const cookie = sessionOf(held)!.split(';')[0]!;
			const account = await getPage('/en/account', { cookie });
			expect(textOf(account.doc.querySelector('main'))).toContain(
				'Your account waits for a moderator'
			);
		} finally {
			settings.write(serverDb(), { altchaOnSignUp: false });
		}
	});
});
