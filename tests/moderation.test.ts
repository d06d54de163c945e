import type { HTMLElement } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { get, getPage, textOf } from './helpers/http';
import { loginCookie, makeOrganiser, postForm, serverDb, useOwnServer } from './helpers/organiser';

// New members' first messages wait here, as on a real site: a server of this file's own.
useOwnServer({ holdNewMembers: true });

const PASSWORD = 'une phrase de passe assez longue';
const EVENT = '/fr/events/ngi-forum-2025';
const QUEUE = '/fr/organiser/moderation';
// A word found nowhere else, so every place can be searched for it.
const WORD = 'zanzibarique';

let newcomer: { id: number; email: string; cookie: string };
let reader = '';
let moderator = '';
let admin = '';
let messageId = 0;

function sessionOf(response: Response): string {
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('session='));
	if (!cookie) throw new Error(`no session cookie (${response.status})`);
	return cookie.split(';')[0]!;
}

async function join(name: string) {
	const email = `${name.toLowerCase()}-${process.pid}-${Date.now()}@example.org`;
	const response = await postForm('/fr/join', { name, email, password: PASSWORD, locale: 'fr' });
	expect(response.status).toBe(303);
	const row = serverDb().$client.prepare('select id from accounts where email = ?').get(email) as {
		id: number;
	};
	return { id: row.id, email, cookie: sessionOf(response) };
}

/** Waits for what the response cache may serve a moment late (a burst of forum changes). */
async function eventually(check: () => Promise<void>, ms = 4000) {
	const until = Date.now() + ms;
	for (;;) {
		try {
			return await check();
		} catch (error) {
			if (Date.now() > until) throw error;
			await new Promise((r) => setTimeout(r, 200));
		}
	}
}

const article = (doc: HTMLElement, id: number) => doc.querySelector(`article#m${id}`);
const jsonLdOf = (doc: HTMLElement) =>
	doc
		.querySelectorAll('script[type="application/ld+json"]')
		.map((s) => s.text)
		.join('\n');
const heading = (doc: HTMLElement) =>
	textOf(
		doc.getElementById(doc.querySelector('section#discussion')!.getAttribute('aria-labelledby')!)
	);

/** Everything a reader (a visitor, or `cookie`'s member) could see the word in. */
async function readerSees(cookie?: string) {
	const headers: Record<string, string> = cookie ? { cookie } : {};
	const page = await getPage(EVENT, headers);
	const feed = await (await get('/fr/forum.atom', headers)).text();
	const discussionFeed = await (await get(`${EVENT}/discussion.atom`, headers)).text();
	const search = await getPage(`/fr/search?q=${WORD}`, headers);
	const permalink = await get(`/fr/messages/${messageId}`, headers);
	return {
		page: page.html.includes(WORD),
		article: article(page.doc, messageId),
		heading: heading(page.doc),
		jsonLd: jsonLdOf(page.doc).includes(WORD),
		feed: feed.includes(WORD),
		discussionFeed: discussionFeed.includes(WORD),
		search: search.html.includes(`/fr/messages/${messageId}`),
		permalink: permalink.status
	};
}

function act(action: string, fields: Record<string, string>, cookie = moderator) {
	return postForm(`${QUEUE}?/${action}`, fields, { cookie });
}

/** The version of a message the queue shows, sent back with approve and restore. */
function versionOf(id: number): string {
	const row = serverDb().$client.prepare('select version from messages where id = ?').get(id) as {
		version: number;
	};
	return String(row.version);
}

/** Writes a message as `cookie`'s member; its id. */
/** Approves the message if it still waits: only what readers have seen can be hidden. */
async function published(id: number) {
	if (stateOf(id) === 'held')
		expect((await act('approve', { message: String(id), version: versionOf(id) })).status).toBe(
			303
		);
}

async function write(body: string, cookie: string): Promise<number> {
	const response = await postForm(`${EVENT}?/write`, { body, locale: 'fr' }, { cookie });
	expect(response.status).toBe(303);
	return Number(/#m(\d+)$/.exec(response.headers.get('location')!)![1]);
}

const logEntries = () =>
	(serverDb().$client.prepare('select count(*) as n from moderation_log').get() as { n: number }).n;

const stateOf = (id: number) =>
	(
		serverDb().$client.prepare('select state from messages where id = ?').get(id) as {
			state: string;
		}
	).state;

let countBefore = '';

beforeAll(async () => {
	const organiser = await makeOrganiser();
	moderator = await loginCookie(organiser.email, organiser.password);
	const boss = await makeOrganiser('admin');
	admin = await loginCookie(boss.email, boss.password);
	reader = (await join('Lectrice')).cookie;
	newcomer = await join('Nouveau');
	countBefore = heading((await getPage(EVENT)).doc);
	const response = await postForm(
		`${EVENT}?/write`,
		{ body: `Bonjour, je découvre le ${WORD}.`, locale: 'fr' },
		{ cookie: newcomer.cookie }
	);
	expect(response.status).toBe(303);
	messageId = Number(/#m(\d+)$/.exec(response.headers.get('location')!)![1]);
});

describe('a new member’s first message', () => {
	it('waits: its author sees it "awaiting approval", nobody else sees it anywhere', async () => {
		const own = await getPage(EVENT, { cookie: newcomer.cookie });
		expect(textOf(article(own.doc, messageId)?.querySelector('em'))).toBe(
			'En attente de validation\u00a0: personne d’autre que vous ne le voit.'.replace(
				/\u00a0/g,
				' '
			)
		);
		for (const cookie of [undefined, reader]) {
			const seen = await readerSees(cookie);
			expect(seen).toMatchObject({
				page: false,
				article: null,
				heading: countBefore,
				jsonLd: false,
				feed: false,
				discussionFeed: false,
				search: false,
				permalink: 404
			});
		}
	});

	it('is in the queue, in context, with why it waits, and the moderator approves it', async () => {
		const { response, doc } = await getPage(QUEUE, { cookie: moderator });
		expect(response.status).toBe(200);
		const item = doc.querySelector(`article[aria-labelledby="q${messageId}-title"]`)!;
		expect(textOf(item)).toContain('En attente : son auteur est un nouveau membre.');
		expect(textOf(item)).toContain(WORD);
		expect(item.querySelector(`a[href="${EVENT}"]`)).not.toBeNull();
		// Moderators reach it in its thread, marked, where readers do not see it.
		expect(item.querySelector(`a[href="/fr/messages/${messageId}"]`)).not.toBeNull();
		const located = await get(`/fr/messages/${messageId}`, { cookie: moderator });
		expect(located.status).toBe(303);
		const thread = await getPage(located.headers.get('location')!, { cookie: moderator });
		expect(textOf(article(thread.doc, messageId)?.querySelector('em'))).toBe(
			'En attente de validation : les lecteurs ne le voient pas.'
		);
		// A member cannot reach the queue nor act from it.
		expect((await get(QUEUE, { cookie: reader })).status).toBe(403);
		expect(
			(await act('approve', { message: String(messageId), version: '1' }, reader)).status
		).toBe(403);
		// The form sends back the version the moderator read.
		expect(
			item.querySelector('form[action="?/approve"] input[name="version"]')?.getAttribute('value')
		).toBe('1');

		const approved = await act('approve', { message: String(messageId), version: '1' });
		expect(approved.status).toBe(303);
		expect(approved.headers.get('location')).toBe(`${QUEUE}?done=approve`);
		const after = await getPage(`${QUEUE}?done=approve`, { cookie: moderator });
		expect(textOf(after.doc.querySelector('[role=status]'))).toBe('Message approuvé.');
		expect(after.doc.querySelector(`article[aria-labelledby="q${messageId}-title"]`)).toBeNull();
		await eventually(async () => {
			const seen = await readerSees();
			expect(seen).toMatchObject({
				page: true,
				jsonLd: true,
				feed: true,
				discussionFeed: true,
				search: true,
				permalink: 303
			});
			expect(seen.heading).not.toBe(countBefore);
		});
	});
});

describe('hiding and restoring', () => {
	it('refuses a hide without a reason, keeping the page, changing nothing', async () => {
		// Flagged so it is in the queue (FLAGWORD's form writes these).
		serverDb()
			.$client.prepare(
				"insert into message_flags (message_id, account_id, reason, note, created_at) values (?, ?, 'spam', 'pub', ?)"
			)
			.run(messageId, newcomer.id, Date.now());
		const refused = await act('hide', { message: String(messageId), reason: ' \u200b ' });
		expect(refused.status).toBe(400);
		const html = await refused.text();
		expect(html).toContain('Indiquez un motif');
		expect((await readerSees()).page).toBe(true);
	});

	it('shows the reason in the message’s place everywhere, never its words, until restored', async () => {
		const hidden = await act('hide', { message: String(messageId), reason: 'Publicité déguisée' });
		expect(hidden.status).toBe(303);
		await eventually(async () => {
			for (const cookie of [undefined, reader, newcomer.cookie]) {
				const seen = await readerSees(cookie);
				expect(seen).toMatchObject({
					page: false,
					jsonLd: false,
					feed: false,
					discussionFeed: false,
					search: false
				});
				expect(textOf(seen.article?.querySelector('.placeholder'))).toContain('Publicité déguisée');
				expect(textOf(seen.article?.querySelector('.placeholder'))).toContain(
					'Masqué par les modérateurs.'
				);
			}
		});
		expect(
			(await act('restore', { message: String(messageId), version: versionOf(messageId) })).status
		).toBe(303);
		await eventually(async () => {
			expect(await readerSees()).toMatchObject({ page: true, feed: true, search: true });
		});
	});
});

describe('the log', () => {
	it('lists every action, newest first, with the message as it was, after it is edited', async () => {
		const edited = await postForm(
			`/fr/messages/${messageId}/edit`,
			{ body: 'Texte corrigé', locale: 'fr' },
			{ cookie: newcomer.cookie }
		);
		expect(edited.status).toBe(303);
		const { doc } = await getPage('/fr/organiser/moderation/log', { cookie: moderator });
		const entries = doc.querySelectorAll('ol.log > li');
		const texts = entries.map((li) => textOf(li));
		expect(texts[0]).toContain('a rétabli un message');
		expect(texts[1]).toContain('a masqué un message');
		expect(texts[1]).toContain('Publicité déguisée');
		expect(texts[2]).toContain('a approuvé un message');
		// The snapshot of what was approved keeps its first words.
		expect(textOf(entries[2]!.querySelector('details .prose'))).toContain(WORD);
		expect((await get('/fr/organiser/moderation/log', { cookie: reader })).status).toBe(403);
	});
});

describe('bans', () => {
	it('end the member’s session at once and refuse their login, saying so', async () => {
		const banned = await act('ban', { member: String(newcomer.id), reason: 'spam', until: '' });
		expect(banned.status).toBe(303);
		const account = await get('/fr/account', { cookie: newcomer.cookie });
		expect(account.status).toBe(303);
		expect(account.headers.get('location')).toMatch(/^\/fr\/login\?redirectTo=/);
		const login = await postForm('/fr/login', { email: newcomer.email, password: PASSWORD });
		expect(login.status).toBe(403);
		expect(await login.text()).toContain('Votre compte est suspendu par les modérateurs.');
		// An organiser cannot ban another organiser, nor themselves.
		const other = await makeOrganiser();
		const refused = await act('ban', { member: String(other.id), reason: 'non' });
		expect(refused.status).toBe(403);
		// Lifted from the list of restrained members.
		const { doc } = await getPage(QUEUE, { cookie: moderator });
		expect(textOf(doc.querySelector('section[aria-labelledby="mod-restricted"]'))).toContain(
			'banni définitivement'
		);
		expect((await act('unban', { member: String(newcomer.id) })).status).toBe(303);
		const back = await postForm('/fr/login', { email: newcomer.email, password: PASSWORD });
		expect(back.status).toBe(303);
	});

	it('refuses an end date in the past, in the reader’s language, keeping the reason', async () => {
		const response = await postForm(
			`/en/organiser/moderation?/ban`,
			{ member: String(newcomer.id), reason: 'Flooding', until: '2001-01-01' },
			{ cookie: moderator }
		);
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('Give a date to come, or leave it empty.');
		expect(html).toContain('value="Flooding"');
		// Said under the date it is about, tied to it for screen readers.
		const { parse } = await import('node-html-parser');
		const doc = parse(html);
		const until = doc.querySelector(`#new-ban-until-${newcomer.id}`);
		expect(until?.getAttribute('aria-invalid')).toBe('true');
		expect(textOf(doc.getElementById(`new-ban-until-${newcomer.id}-error`))).toBe(
			'Give a date to come, or leave it empty.'
		);
		// A too long hold reason is said under the hold's own field, what was typed kept.
		const hold = await postForm(
			`/en/organiser/moderation?/hold`,
			{ member: String(newcomer.id), reason: 'b'.repeat(600) },
			{ cookie: moderator }
		);
		expect(hold.status).toBe(400);
		const holdDoc = parse(await hold.text());
		const field = holdDoc.querySelector(`#new-hold-${newcomer.id}`);
		expect(field?.getAttribute('aria-invalid')).toBe('true');
		expect(field?.getAttribute('value')).toBe('b'.repeat(600));
		const banReason = holdDoc.querySelector(`#new-ban-reason-${newcomer.id}`)!;
		expect(banReason.hasAttribute('aria-invalid')).toBe(false);
	});
});

describe('settings', () => {
	it('are for admins; a bad number is refused in the reader’s language, keeping what was typed', async () => {
		expect((await get('/fr/organiser/moderation/settings', { cookie: moderator })).status).toBe(
			403
		);
		const bad = await postForm(
			'/fr/organiser/moderation/settings',
			{ heldFirstMessages: '99' },
			{ cookie: admin }
		);
		expect(bad.status).toBe(400);
		const html = await bad.text();
		expect(html).toContain('Un nombre entier de 0 à 50.');
		expect(html).toContain('value="99"');
		const good = await postForm(
			'/fr/organiser/moderation/settings',
			{ heldFirstMessages: '5', altchaOnSignUp: 'on' },
			{ cookie: admin }
		);
		expect(good.status).toBe(303);
		const { doc } = await getPage('/fr/organiser/moderation/settings', { cookie: admin });
		expect(doc.querySelector('input#heldFirstMessages')!.getAttribute('value')).toBe('5');
		expect(doc.querySelector('input#altchaOnSignUp')!.hasAttribute('checked')).toBe(true);
	});
});

describe('hostile input on the moderation forms', () => {
	const logCount = () =>
		(serverDb().$client.prepare('select count(*) as n from moderation_log').get() as { n: number })
			.n;

	it('answers forged ids with "no longer exists", changing nothing', async () => {
		const before = logCount();
		for (const id of [
			'',
			'0',
			'-1',
			'1e3',
			'1.5',
			'abc',
			'99999999999999999999',
			'x'.repeat(16_384)
		]) {
			const response = await act('approve', { message: id });
			expect(response.status, id.slice(0, 20)).toBe(404);
			expect(await response.text()).toContain('Ce message ou ce membre n’existe plus.');
			expect((await act('ban', { member: id, reason: 'x' })).status).toBe(404);
		}
		expect(logCount()).toBe(before);
	});

	it('refuses a 16 KB reason and an impossible date, stores a hostile reason cleaned and shows it escaped', async () => {
		await published(messageId);
		const before = logCount();
		const long = await act('hide', { message: String(messageId), reason: 'a'.repeat(16_384) });
		expect(long.status).toBe(400);
		expect(await long.text()).toContain('500 caractères au plus.');
		const bad = await act('ban', { member: String(newcomer.id), until: '2031-02-30' });
		expect(bad.status).toBe(400);
		expect(logCount()).toBe(before);

		const hostile = 'Pub \u202e<script>alert(1)</script>\u200b\x00 ici';
		expect((await act('hide', { message: String(messageId), reason: hostile })).status).toBe(303);
		const stored = serverDb()
			.$client.prepare('select moderation_reason as r from messages where id = ?')
			.get(messageId) as { r: string };
		expect(stored.r).toBe('Pub <script>alert(1)</script> ici');
		await eventually(async () => {
			const { doc, html } = await getPage(EVENT);
			expect(textOf(article(doc, messageId)?.querySelector('.placeholder'))).toContain(
				'Pub <script>alert(1)</script> ici'
			);
			expect(html).not.toContain('<script>alert(1)');
		});
		expect(
			(await act('restore', { message: String(messageId), version: versionOf(messageId) })).status
		).toBe(303);
	});

	it('approves a held message once when the button is pressed twice at the same time', async () => {
		const response = await postForm(
			`${EVENT}?/write`,
			{ body: 'Encore un message qui attend.', locale: 'fr' },
			{ cookie: (await join('Double')).cookie }
		);
		const id = Number(/#m(\d+)$/.exec(response.headers.get('location')!)![1]);
		const answers = await Promise.all(
			[1, 2, 3].map(() => act('approve', { message: String(id), version: '1' }))
		);
		expect(answers.map((a) => a.status).sort()).toEqual([303, 409, 409]);
		const approvals = serverDb()
			.$client.prepare(
				"select count(*) as n from moderation_log where message_id = ? and action = 'approve'"
			)
			.get(id) as { n: number };
		expect(approvals.n).toBe(1);
	});

	it('asks before deleting a waiting message, then removes it, its words kept in the log only', async () => {
		const response = await postForm(
			`${EVENT}?/write`,
			{ body: 'Un message à supprimer, tartempion.', locale: 'fr' },
			{ cookie: (await join('Supprime')).cookie }
		);
		const id = Number(/#m(\d+)$/.exec(response.headers.get('location')!)![1]);
		const asked = await act('delete', { message: String(id) });
		expect(asked.status).toBe(200);
		const { parse } = await import('node-html-parser');
		const doc = parse(await asked.text());
		expect(textOf(doc.querySelector(`#confirm-${id}`))).toBe('Supprimer ce message ?');
		expect(serverDb().$client.prepare('select state from messages where id = ?').get(id)).toEqual({
			state: 'held'
		});
		const deleted = await act('delete', { message: String(id), confirmed: '1' });
		expect(deleted.status).toBe(303);
		expect(deleted.headers.get('location')).toBe(`${QUEUE}?done=delete`);
		// Nobody read it: no tombstone, no placeholder, nothing left but the log's copy.
		expect(serverDb().$client.prepare('select state from messages where id = ?').get(id)).toBe(
			undefined
		);
		const entry = serverDb()
			.$client.prepare(
				"select snapshot from moderation_log where message_id = ? and action = 'delete'"
			)
			.get(id) as { snapshot: string };
		expect(JSON.parse(entry.snapshot)).toMatchObject({
			body: 'Un message à supprimer, tartempion.',
			state: 'held'
		});
	});

	it('refuses settings that are not a whole number from 0 to 50', async () => {
		for (const value of ['-1', '51', '1e1', '2.5', '', ' ', 'x'.repeat(16_384)]) {
			const response = await postForm(
				'/en/organiser/moderation/settings',
				{ heldFirstMessages: value },
				{ cookie: admin }
			);
			expect(response.status, value.slice(0, 10)).toBe(400);
			expect(await response.text()).toContain('A whole number from 0 to 50.');
		}
	});
});

describe('deciding on what the moderator saw', () => {
	it('refuses to approve a held message its author edited since the queue was loaded', async () => {
		const author = await join('Retouche');
		const id = await write('Bonjour à tous.', author.cookie);
		const { doc } = await getPage(QUEUE, { cookie: moderator });
		const seen = doc
			.querySelector(`article[aria-labelledby="q${id}-title"] input[name="version"]`)!
			.getAttribute('value')!;
		const edited = await postForm(
			`/fr/messages/${id}/edit`,
			{ body: 'Achetez zanzibar-pilules ici.', locale: 'fr' },
			{ cookie: author.cookie }
		);
		expect(edited.status).toBe(303);
		const before = logEntries();
		const stale = await act('approve', { message: String(id), version: seen });
		expect(stale.status).toBe(409);
		expect(await stale.text()).toContain('Le message a changé depuis que vous l’avez vu');
		// A form without a version (forged) is no better.
		expect((await act('approve', { message: String(id) })).status).toBe(409);
		expect((await act('approve', { message: String(id), version: '1e3' })).status).toBe(409);
		expect(stateOf(id)).toBe('held');
		expect(logEntries()).toBe(before);
		const again = await act('approve', { message: String(id), version: versionOf(id) });
		expect(again.status).toBe(303);
		expect(stateOf(id)).toBe('published');
	});

	it('refuses to approve a hidden message: restoring is the way back', async () => {
		const author = await join('Cachee');
		const id = await write('Un message qui sera caché.', author.cookie);
		await published(id);
		expect((await act('hide', { message: String(id), reason: 'Hors sujet' })).status).toBe(303);
		const before = logEntries();
		const approved = await act('approve', { message: String(id), version: versionOf(id) });
		expect(approved.status).toBe(409);
		expect(stateOf(id)).toBe('hidden');
		expect(logEntries()).toBe(before);
	});

	it('ends approve and hide sent at the same time as the log says, whichever came last', async () => {
		for (let round = 0; round < 3; round++) {
			const author = await join(`Course${round}`);
			const id = await write(`Course numéro ${round}.`, author.cookie);
			const answers = await Promise.all([
				act('approve', { message: String(id), version: '1' }),
				act('hide', { message: String(id), reason: 'Publicité' })
			]);
			expect(answers[0]!.status).toBe(303);
			const actions = (
				serverDb()
					.$client.prepare('select action from moderation_log where message_id = ? order by id')
					.all(id) as { action: string }[]
			).map((r) => r.action);
			// A waiting message cannot be hidden (nobody read it). Approve first: then hidden.
			// Hide first: refused, then approved. Either way the state is what the log says last.
			expect(actions, `hide answered ${answers[1]!.status}`).toEqual(
				answers[1]!.status === 303 ? ['approve', 'hide'] : ['approve']
			);
			expect(stateOf(id)).toBe(answers[1]!.status === 303 ? 'hidden' : 'published');
		}
	});
});

describe('a deleted message’s words', () => {
	it('are not brought back by the quote of an answer, in any place readers look', async () => {
		const word = `quokkaphrase${process.pid}`;
		const author = await join('Citee');
		const id = await write(`Je dis ${word} ici.`, author.cookie);
		expect((await act('approve', { message: String(id), version: versionOf(id) })).status).toBe(
			303
		);
		const reply = await postForm(
			`/fr/messages/${id}/reply`,
			{ quote: word, body: 'Je ne suis pas d’accord.', locale: 'fr' },
			{ cookie: moderator }
		);
		expect(reply.status).toBe(303);
		const answer = Number(/#m(\d+)$/.exec(reply.headers.get('location')!)![1]);
		expect((await act('hide', { message: String(id), reason: 'Insulte' })).status).toBe(303);
		expect((await act('delete', { message: String(id), confirmed: '1' })).status).toBe(303);
		expect(stateOf(id)).toBe('deleted');
		await eventually(async () => {
			for (const cookie of [undefined, reader]) {
				const headers: Record<string, string> = cookie ? { cookie } : {};
				const page = await getPage(EVENT, headers);
				expect(article(page.doc, answer)).not.toBeNull();
				expect(page.html).not.toContain(word);
				expect(jsonLdOf(page.doc)).not.toContain(word);
				expect(await (await get('/fr/forum.atom', headers)).text()).not.toContain(word);
				expect(await (await get(`${EVENT}/discussion.atom`, headers)).text()).not.toContain(word);
				expect((await getPage(`/fr/messages/${answer}/history`, headers)).html).not.toContain(word);
			}
		});
	});
});

describe('holding an organiser', () => {
	it('is refused, even to an admin: their messages are never held', async () => {
		const organiser = await makeOrganiser();
		const held = await act('hold', { member: String(organiser.id), reason: 'x' }, admin);
		expect(held.status).toBe(403);
		const row = serverDb()
			.$client.prepare('select held_at from accounts where id = ?')
			.get(organiser.id) as { held_at: number | null };
		expect(row.held_at).toBeNull();
	});
});
