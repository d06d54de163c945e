import { parse } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import * as accounts from '../src/lib/server/accounts/accounts';
import { get, getPage, textOf } from './helpers/http';
import { loginCookie, makeOrganiser, postForm, serverDb, useOwnServer } from './helpers/organiser';

// Reports hide messages and word lists refuse them: a server and database of this file's own.
useOwnServer();

const PASSWORD = 'une phrase de passe assez longue';
const EVENT = '/fr/events/ngi-forum-2025';
let counter = 0;

/** A member, trusted unless `fresh`: only trusted members' reports hide a message. */
async function member(name = `Membre ${process.pid}-${++counter}`, { fresh = false } = {}) {
	const account = await accounts.add(serverDb(), {
		email: `flagword-${process.pid}-${Date.now()}-${++counter}@example.org`,
		name,
		password: PASSWORD,
		role: 'member'
	});
	if (!fresh)
		serverDb().$client.prepare('update accounts set trusted_at = 0 where id = ?').run(account.id);
	return { ...account, cookie: await loginCookie(account.email, PASSWORD) };
}

type Member = Awaited<ReturnType<typeof member>>;

/** Writes on the event's discussion; the POST's answer. */
function write(cookie: string, body: string, locale = 'fr') {
	return postForm(`${EVENT}?/write`, { locale, body }, { cookie });
}

async function posted(cookie: string, body: string, locale = 'fr'): Promise<number> {
	const response = await write(cookie, body, locale);
	expect(response.status).toBe(303);
	return Number(/#m(\d+)$/.exec(response.headers.get('location')!)![1]);
}

const flagPath = (id: number) => `/fr/messages/${id}/flag`;
const report = (cookie: string, id: number, fields: Record<string, string>) =>
	postForm(flagPath(id), fields, { cookie });

const flagCount = (id: number) =>
	(
		serverDb()
			.$client.prepare('select count(*) as n from message_flags where message_id = ?')
			.get(id) as { n: number }
	).n;

const stateOf = (id: number) =>
	serverDb()
		.$client.prepare('select state, moderation_reason from messages where id = ?')
		.get(id) as { state: string; moderation_reason: string | null };

const ruleCount = () =>
	(serverDb().$client.prepare('select count(*) as n from word_rules').get() as { n: number }).n;

let alice: Member;
let readers: Member[];
let adminCookie = '';
let organiserCookie = '';

beforeAll(async () => {
	alice = await member();
	readers = [await member(), await member(), await member()];
	const admin = await makeOrganiser('admin');
	adminCookie = await loginCookie(admin.email, admin.password);
	const organiser = await makeOrganiser();
	organiserCookie = await loginCookie(organiser.email, organiser.password);
});

describe('reporting a message', () => {
	it('offers "Report" to members on others\' messages only, never to visitors', async () => {
		const id = await posted(alice.cookie, 'Un message à signaler peut-être.');
		const link = `a[href="${flagPath(id)}"]`;
		const asReader = await getPage(EVENT, { cookie: readers[0]!.cookie });
		expect(asReader.doc.querySelector(`article#m${id} ${link}`)).not.toBeNull();
		const asAuthor = await getPage(EVENT, { cookie: alice.cookie });
		expect(asAuthor.doc.querySelector(`article#m${id}`)).not.toBeNull();
		expect(asAuthor.doc.querySelector(`article#m${id} ${link}`)).toBeNull();
		const asVisitor = await getPage(EVENT);
		expect(asVisitor.doc.querySelector(`article#m${id} ${link}`)).toBeNull();
	});

	it('sends visitors to log in, and writes nothing for them', async () => {
		const id = await posted(alice.cookie, 'Encore un message.');
		const page = await get(flagPath(id));
		expect(page.status).toBe(303);
		expect(page.headers.get('location')).toBe(
			`/fr/login?redirectTo=${encodeURIComponent(flagPath(id))}`
		);
		const posting = await postForm(flagPath(id), { reason: 'spam', note: '' });
		expect(posting.status).toBe(303);
		expect(posting.headers.get('location')).toMatch(/^\/fr\/login\?/);
		expect(flagCount(id)).toBe(0);
	});

	it("three new members' reports reach the queue but hide nothing", async () => {
		const id = await posted(alice.cookie, 'Rendez-vous à la pause café.');
		const throwaways = [
			await member(undefined, { fresh: true }),
			await member(undefined, { fresh: true }),
			await member(undefined, { fresh: true })
		];
		for (const account of throwaways)
			expect((await report(account.cookie, id, { reason: 'spam', note: '' })).status).toBe(303);
		expect(flagCount(id)).toBe(3);
		expect(stateOf(id)).toEqual({ state: 'published', moderation_reason: null });
		expect(textOf((await getPage(EVENT)).doc.querySelector(`article#m${id}`))).toContain(
			'pause café'
		);
	});

	it('three members hide the message: readers see the placeholder, and the log says why', async () => {
		const id = await posted(alice.cookie, 'Achetez des montres pas chères ici.');
		// A visitor's page cached before the reports must not outlive them.
		expect(textOf((await getPage(EVENT)).doc.querySelector(`article#m${id}`))).toContain('montres');

		const form = await getPage(flagPath(id), { cookie: readers[0]!.cookie });
		expect(form.response.status).toBe(200);
		expect(
			form.doc.querySelectorAll('input[name="reason"]').map((i) => i.getAttribute('value'))
		).toEqual(['spam', 'abuse', 'off_topic', 'other']);
		expect(textOf(form.doc.querySelector('.answered'))).toContain('montres');

		const first = await report(readers[0]!.cookie, id, { reason: 'spam', note: '' });
		expect(first.status).toBe(303);
		expect(first.headers.get('location')).toBe(`${flagPath(id)}?done=thanks`);
		const thanks = await getPage(`${flagPath(id)}?done=thanks`, { cookie: readers[0]!.cookie });
		expect(textOf(thanks.doc.querySelector('.form-ok'))).toBe(
			'Merci : les modérateurs vont examiner ce message.'
		);

		// A second report by the same member: said, nothing changed.
		const again = await report(readers[0]!.cookie, id, { reason: 'abuse', note: 'Encore' });
		expect(again.headers.get('location')).toBe(`${flagPath(id)}?done=already`);
		const page = await getPage(flagPath(id), { cookie: readers[0]!.cookie });
		expect(textOf(page.doc.querySelector('.form-ok'))).toContain(
			'Vous avez déjà signalé ce message'
		);
		expect(page.doc.querySelector('form.flag-form')).toBeNull();
		expect(flagCount(id)).toBe(1);

		await report(readers[1]!.cookie, id, { reason: 'abuse', note: '' });
		expect(stateOf(id).state).toBe('published');
		const third = await report(readers[2]!.cookie, id, { reason: 'other', note: 'Une arnaque.' });
		expect(third.status).toBe(303);
		expect(stateOf(id)).toEqual({ state: 'hidden', moderation_reason: 'flags' });

		for (const cookie of [undefined, readers[0]!.cookie, alice.cookie]) {
			const { doc } = await getPage(EVENT, cookie ? { cookie } : {});
			const article = doc.querySelector(`article#m${id}`)!;
			expect(textOf(article.querySelector('.placeholder'))).toContain(
				'Masqué après des signalements de membres'
			);
			expect(textOf(article)).not.toContain('montres');
		}
		const logged = serverDb()
			.$client.prepare(
				'select actor_id, action, reason, snapshot from moderation_log where message_id = ?'
			)
			.all(id) as { actor_id: number | null; action: string; reason: string; snapshot: string }[];
		expect(logged).toHaveLength(1);
		expect(logged[0]).toMatchObject({ actor_id: null, action: 'flags_hidden', reason: 'flags' });
		expect(JSON.parse(logged[0]!.snapshot).body).toBe('Achetez des montres pas chères ici.');
	});

	it("refuses one's own message, with a page and a POST alike", async () => {
		const id = await posted(alice.cookie, 'Le mien.');
		expect((await get(flagPath(id), { cookie: alice.cookie })).status).toBe(403);
		const posting = await report(alice.cookie, id, { reason: 'spam', note: '' });
		expect(posting.status).toBe(403);
		expect(flagCount(id)).toBe(0);
	});

	it('asks for a text with "other", keeping what was typed; refuses hostile fields, changing nothing', async () => {
		const id = await posted(alice.cookie, 'Un message ordinaire.');
		const cookie = readers[0]!.cookie;
		const missing = await report(cookie, id, { reason: 'other', note: ' \u200b ' });
		expect(missing.status).toBe(400);
		const missingDoc = parse(await missing.text());
		expect(textOf(missingDoc.querySelector('#flag-note-error'))).toBe(
			'Dites ce qui ne va pas dans ce message.'
		);
		expect(missingDoc.querySelector('input[value="other"]')!.hasAttribute('checked')).toBe(true);

		const badReason = await report(cookie, id, { reason: 'spam\u0000', note: 'texte gardé' });
		expect(badReason.status).toBe(400);
		const badDoc = parse(await badReason.text());
		expect(badDoc.querySelector('textarea[name="note"]')!.text).toBe('texte gardé');
		expect(textOf(badDoc.querySelector('#reason-error'))).toBe('Choisissez une raison.');

		for (const fields of [
			{ reason: 'spam', note: 'x'.repeat(16_384) },
			{ reason: 'other', note: '\u202e\u2066' },
			{ reason: 'x'.repeat(16_384), note: '' },
			{ note: 'sans raison' }
		]) {
			const response = await report(cookie, id, fields as Record<string, string>);
			expect(response.status, JSON.stringify(fields).slice(0, 80)).toBe(400);
		}
		expect(flagCount(id)).toBe(0);

		// Odd ids and encoded paths: never a 500, never a row.
		for (const path of ['/fr/messages/99999999/flag', '/fr/messages/%39%39%39%39/flag'])
			expect((await postForm(path, { reason: 'spam' }, { cookie })).status).toBe(404);

		// The note is kept cleaned: controls and bidi overrides gone.
		const ok = await report(cookie, id, { reason: 'abuse', note: ' a\u202eb\u0007c ' });
		expect(ok.status).toBe(303);
		const note = serverDb()
			.$client.prepare('select note from message_flags where message_id = ?')
			.get(id) as { note: string };
		expect(note.note).toBe('abc');
	});

	it('counts parallel reports by one member once', async () => {
		const id = await posted(alice.cookie, 'Un message signalé en rafale.');
		const answers = await Promise.all(
			Array.from({ length: 6 }, () => report(readers[1]!.cookie, id, { reason: 'spam', note: '' }))
		);
		expect(answers.map((a) => a.status)).toEqual(Array(6).fill(303));
		expect(flagCount(id)).toBe(1);
		expect(stateOf(id).state).toBe('published');
	});
});

describe('word lists', () => {
	const WORDS = '/fr/organiser/moderation/words';
	const addWord = (cookie: string, fields: Record<string, string>) =>
		postForm(`${WORDS}?/add`, fields, { cookie });

	it("are the admins': an organiser gets 403 on the page and its actions, a visitor the login", async () => {
		expect((await get(WORDS, { cookie: organiserCookie })).status).toBe(403);
		expect(
			(await get('/fr/organiser/moderation/%77ords', { cookie: organiserCookie })).status
		).toBe(403);
		const added = await addWord(organiserCookie, {
			word: 'interdit',
			locale: 'fr',
			action: 'block'
		});
		expect(added.status).toBe(403);
		const visitor = await get(WORDS);
		expect(visitor.status).toBe(303);
		expect(visitor.headers.get('location')).toMatch(/^\/fr\/organiser\/login\?/);
		expect(ruleCount()).toBe(0);
		expect((await get(WORDS, { cookie: adminCookie })).status).toBe(200);
	});

	it('a French block word refuses a French message, naming it and keeping the text; English passes', async () => {
		const added = await addWord(adminCookie, { word: 'Zut', locale: 'fr', action: 'block' });
		expect(added.status).toBe(303);
		expect(added.headers.get('location')).toBe(`${WORDS}?done=added#list-fr`);
		const { doc } = await getPage(`${WORDS}?done=added`, { cookie: adminCookie });
		expect(textOf(doc.querySelector('section[aria-labelledby="list-fr"] tbody'))).toContain('Zut');
		expect(textOf(doc.querySelector('.form-ok'))).toBe('Le mot a été ajouté.');

		const refused = await write(alice.cookie, 'Oh ZÛT, encore raté.');
		expect(refused.status).toBe(400);
		const page = parse(await refused.text());
		expect(textOf(page.querySelector('.field-error'))).toContain('Zut');
		expect(page.querySelector('textarea[name="body"]')!.text).toBe('Oh ZÛT, encore raté.');
		// Whole words only, and the English list is another list.
		await posted(alice.cookie, 'Une zutique conférence.');
		await posted(alice.cookie, 'Zut is not an English word.', 'en');
	});

	it('a hold word sends the message to the queue', async () => {
		expect((await addWord(adminCookie, { word: 'bof', locale: 'en', action: 'hold' })).status).toBe(
			303
		);
		const id = await posted(alice.cookie, 'Well, BOF.', 'en');
		expect(stateOf(id)).toEqual({ state: 'held', moderation_reason: 'word:bof' });
		// A message in another language is read against both lists.
		const other = await posted(alice.cookie, 'Bof, ja.', 'other');
		expect(stateOf(other).state).toBe('held');
		expect(textOf((await getPage(EVENT)).doc.querySelector(`article#m${id}`))).toBe('');
	});

	it('refuses hostile words with a clear error, keeping the input, changing nothing', async () => {
		const before = ruleCount();
		const cases: [Record<string, string>, string, string][] = [
			[
				{ word: 'c\u200bon', locale: 'fr', action: 'block' },
				'#word-error',
				'Seulement des lettres'
			],
			[{ word: 'x'.repeat(16_384), locale: 'fr', action: 'block' }, '#word-error', 'Trop long'],
			[{ word: '<script>', locale: 'fr', action: 'block' }, '#word-error', 'Seulement des lettres'],
			[{ word: 'zÛt', locale: 'fr', action: 'hold' }, '#word-error', 'déjà dans cette liste'],
			[{ word: '   ', locale: 'fr', action: 'hold' }, '#word-error', 'Tapez un mot'],
			[{ word: 'ok', locale: 'de', action: 'block' }, '#locale-error', 'Choisissez la liste'],
			[{ word: 'ok', locale: 'fr', action: 'ban' }, '#action-error', 'Choisissez bloquer']
		];
		for (const [fields, where, said] of cases) {
			const response = await addWord(adminCookie, fields);
			expect(response.status, fields.word!.slice(0, 20)).toBe(400);
			const doc = parse(await response.text());
			expect(textOf(doc.querySelector(where))).toContain(said);
			if (fields.word!.length < 100)
				expect(doc.querySelector('input[name="word"]')!.getAttribute('value')).toBe(fields.word);
		}
		expect(ruleCount()).toBe(before);

		for (const id of ['1 or 1=1', '-1', '', '99999999999999999999', '../1'])
			expect((await postForm(`${WORDS}?/remove`, { id }, { cookie: adminCookie })).status).toBe(
				303
			);
		expect(ruleCount()).toBe(before);
	});

	it('adds a word sent in parallel once; the others are told it is there', async () => {
		const answers = await Promise.all(
			['Pareil', 'pareil', 'PAREIL', 'paréil', 'Pareil'].map((word) =>
				addWord(adminCookie, { word, locale: 'fr', action: 'hold' })
			)
		);
		expect(answers.map((a) => a.status).sort()).toEqual([303, 400, 400, 400, 400]);
		const rows = serverDb()
			.$client.prepare("select count(*) as n from word_rules where folded = 'pareil'")
			.get() as { n: number };
		expect(rows.n).toBe(1);
	});

	it('removes a word, logged, and messages pass again', async () => {
		const rule = serverDb()
			.$client.prepare("select id from word_rules where word = 'Zut'")
			.get() as { id: number };
		const removed = await postForm(
			`${WORDS}?/remove`,
			{ id: String(rule.id), locale: 'fr' },
			{ cookie: adminCookie }
		);
		expect(removed.status).toBe(303);
		expect(removed.headers.get('location')).toBe(`${WORDS}?done=removed#list-fr`);
		await posted(alice.cookie, 'Zut alors.');
		const actions = serverDb()
			.$client.prepare(
				"select action from moderation_log where action like 'word_rule_%' order by id"
			)
			.all();
		expect(actions).toEqual([
			{ action: 'word_rule_added' },
			{ action: 'word_rule_added' },
			{ action: 'word_rule_added' },
			{ action: 'word_rule_removed' }
		]);
	});
});
