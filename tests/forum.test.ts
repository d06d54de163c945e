import { parse, type HTMLElement } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import * as accounts from '../src/lib/server/accounts/accounts';
import * as events from '../src/lib/server/content/events';
import * as messages from '../src/lib/server/forum/messages';
import * as discussions from '../src/lib/server/forum/discussions';
import { getPage, textOf } from './helpers/http';
import { loginCookie, makeOrganiser, postForm, serverDb, useOwnServer } from './helpers/organiser';

// Members write, organisers close and pin: a server and database of this file's own.
useOwnServer();

const PASSWORD = 'une phrase de passe assez longue';
let counter = 0;

/** A member account, logged in: its id, name and session cookie. */
async function member(name = `Membre ${process.pid}-${++counter}`) {
	const account = await accounts.add(serverDb(), {
		email: `member-${process.pid}-${Date.now()}-${++counter}@example.org`,
		name,
		password: PASSWORD,
		role: 'member'
	});
	return { ...account, cookie: await loginCookie(account.email, PASSWORD) };
}

/** Writes at the end of the discussion of the page at `path`; the POST's answer. */
function write(path: string, cookie: string, fields: Record<string, string>) {
	return postForm(`${path}?/write`, { locale: 'fr', ...fields }, { cookie });
}

/** The id of the message a 303 after writing points at (`…#m12`). */
function messageIdOf(response: Response): number {
	expect(response.status).toBe(303);
	const location = response.headers.get('location')!;
	const match = /#m(\d+)$/.exec(location);
	expect(match, location).not.toBeNull();
	return Number(match![1]);
}

const article = (doc: HTMLElement, id: number) => doc.querySelector(`article#m${id}`);

/** Opens a topic through /forum/new; its address. */
async function topic(cookie: string, title: string, body = 'Premier message.', locale = 'fr') {
	const response = await postForm('/fr/forum/new', { title, body, locale }, { cookie });
	expect(response.status).toBe(303);
	return response.headers.get('location')!;
}

let alice: Awaited<ReturnType<typeof member>>;
let bob: Awaited<ReturnType<typeof member>>;
let organiserCookie = '';

beforeAll(async () => {
	alice = await member();
	bob = await member();
	const organiser = await makeOrganiser();
	organiserCookie = await loginCookie(organiser.email, organiser.password);
});

describe('writing in a discussion', () => {
	it('posts on an event, marked with its language, and shows it to its author at once', async () => {
		const response = await write('/fr/events/ngi-forum-2025', alice.cookie, {
			body: 'Qui vient en **train** depuis Lyon ?'
		});
		const id = messageIdOf(response);
		expect(response.headers.get('location')).toBe(`/fr/events/ngi-forum-2025?page=1#m${id}`);
		const { response: page, doc } = await getPage('/fr/events/ngi-forum-2025', {
			cookie: alice.cookie
		});
		expect(page.headers.get('cache-control')).toContain('no-store');
		const shown = article(doc, id)!;
		expect(shown.getAttribute('lang')).toBe('fr');
		expect(shown.querySelector('.prose strong')?.text).toBe('train');
		expect(textOf(shown.querySelector('.author'))).toBe(alice.name);
		expect(shown.querySelector('time')!.getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
		// Seen as FR, said in full in the reader's language.
		const mark = shown.querySelector('.lang-mark')!;
		expect(mark.getAttribute('lang')).toBe('fr');
		expect(textOf(mark.querySelector('[aria-hidden="true"]'))).toBe('FR');
		expect(textOf(mark.querySelector('.visually-hidden'))).toBe('En français');
		const section = doc.querySelector('section#discussion')!;
		const heading = doc.getElementById(section.getAttribute('aria-labelledby')!);
		expect(textOf(heading)).toBe('Discussion (1 message)');
		// Their own message: they may edit and delete it.
		const links = shown.querySelectorAll('footer a').map((a) => a.getAttribute('href'));
		expect(links).toContain(`/fr/messages/${id}/edit`);
		expect(links).toContain(`/fr/messages/${id}/delete`);
	});

	it('posts on a post in English, and on a topic opened through /forum/new', async () => {
		const id = messageIdOf(
			await write('/en/posts/retour-ngi-forum-2025', bob.cookie, {
				body: 'Thanks for the recap.',
				locale: 'en'
			})
		);
		const { doc } = await getPage('/en/posts/retour-ngi-forum-2025', { cookie: bob.cookie });
		expect(article(doc, id)?.getAttribute('lang')).toBe('en');

		const where = await topic(alice.cookie, 'Covoiturage pour le NGI Forum');
		expect(where).toBe('/fr/forum/covoiturage-pour-le-ngi-forum');
		const reply = messageIdOf(await write(where, bob.cookie, { body: 'Je prends deux places.' }));
		const { doc: topicPage } = await getPage(where, { cookie: bob.cookie });
		expect(textOf(topicPage.querySelector('h1'))).toBe('Covoiturage pour le NGI Forum');
		expect(topicPage.querySelector('h1')!.getAttribute('lang')).toBe('fr');
		expect(topicPage.querySelectorAll('article.message')).toHaveLength(2);
		expect(article(topicPage, reply)).not.toBeNull();

		// The forum lists it, with its count.
		const { doc: forum } = await getPage('/fr/forum', { cookie: bob.cookie });
		const listed = forum
			.querySelectorAll('.listed')
			.find((l) => l.querySelector(`a[href="${where}"]`));
		expect(textOf(listed)).toContain('2 messages');
	});

	it('refuses an empty message and a topic without title, keeping what was typed', async () => {
		const response = await write('/fr/events/ngi-forum-2025', alice.cookie, { body: '  ' });
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('Écrivez votre message.');

		const topicResponse = await postForm(
			'/en/forum/new',
			{ title: '', body: 'Kept body', locale: 'en' },
			{ cookie: alice.cookie }
		);
		expect(topicResponse.status).toBe(400);
		const topicHtml = await topicResponse.text();
		expect(topicHtml).toContain('Give the topic a title.');
		expect(topicHtml).toContain('Kept body');
	});

	it("sends a visitor's post to log in, and writes nothing", async () => {
		const event = {
			kind: 'event',
			id: events.findBySlug(serverDb(), 'ngi-forum-2025')!.id
		} as const;
		const before = discussions.forSubject(serverDb(), event).messageCount;
		const response = await postForm('/fr/events/ngi-forum-2025?/write', {
			body: 'Anonyme',
			locale: 'fr'
		});
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toMatch(/login/);
		expect(discussions.forSubject(serverDb(), event).messageCount).toBe(before);
		const newTopic = await getPage('/fr/forum/new');
		expect(newTopic.response.status).toBe(303);
		expect(newTopic.response.headers.get('location')).toMatch(/login/);
	});
});

describe('answers, quotes, edits and deletions', () => {
	let where = '';
	let first = 0;

	beforeAll(async () => {
		where = await topic(
			alice.cookie,
			`Réponses ${process.pid}`,
			'Le départ est à 8 h, place Bellecour.'
		);
		const { doc } = await getPage(where, { cookie: alice.cookie });
		first = Number(doc.querySelector('article.message')!.getAttribute('id')!.slice(1));
	});

	it('answers a message, shown indented under a link to it', async () => {
		const { doc: form } = await getPage(`/fr/messages/${first}/reply`, { cookie: bob.cookie });
		expect(form.querySelector('input[name="replyTo"]')?.getAttribute('value')).toBe(String(first));
		const response = await postForm(
			`/fr/messages/${first}/reply`,
			{ replyTo: String(first), body: 'Parfait, merci.', locale: 'fr' },
			{ cookie: bob.cookie }
		);
		const id = messageIdOf(response);
		const { doc } = await getPage(where, { cookie: bob.cookie });
		const answer = article(doc, id)!;
		expect(answer.classList.contains('answer')).toBe(true);
		const link = answer.querySelector('.in-reply a')!;
		expect(link.getAttribute('href')).toBe(`#m${first}`);
		expect(textOf(link)).toBe(`En réponse à ${alice.name}`);
	});

	it('quotes the words of the message answered, and refuses a forged quote, keeping the text', async () => {
		const { doc: form } = await getPage(`/fr/messages/${first}/reply?quote=1`, {
			cookie: bob.cookie
		});
		expect(form.querySelector('textarea[name="quote"]')?.text).toBe(
			'Le départ est à 8 h, place Bellecour.'
		);
		const id = messageIdOf(
			await postForm(
				`/fr/messages/${first}/reply`,
				{ quote: 'place Bellecour', body: 'Côté Rhône ?', locale: 'fr' },
				{ cookie: bob.cookie }
			)
		);
		const { doc } = await getPage(where, { cookie: bob.cookie });
		expect(textOf(article(doc, id)!.querySelector('blockquote'))).toBe('place Bellecour');
		expect(form.querySelector('textarea[name="quote"]')!.getAttribute('lang')).toBe('fr');
		// Answered in English, the French words quoted stay French.
		const english = messageIdOf(
			await postForm(
				`/fr/messages/${first}/reply`,
				{ quote: 'place Bellecour', body: 'Which side?', locale: 'en' },
				{ cookie: bob.cookie }
			)
		);
		const { doc: after } = await getPage(where, { cookie: bob.cookie });
		expect(article(after, english)!.getAttribute('lang')).toBe('en');
		expect(article(after, english)!.querySelector('blockquote')!.getAttribute('lang')).toBe('fr');

		const forged = await postForm(
			`/fr/messages/${first}/reply`,
			{ quote: 'Le départ est annulé', body: 'Ma réponse gardée', locale: 'fr' },
			{ cookie: bob.cookie }
		);
		expect(forged.status).toBe(400);
		const html = await forged.text();
		expect(html).toContain('La citation doit reprendre les mots du message');
		expect(html).toContain('Ma réponse gardée');
		expect(html).toContain('Le départ est annulé');
	});

	it('edits a message: "edited" links to a public history with both versions, newest first', async () => {
		const id = messageIdOf(await write(where, alice.cookie, { body: 'Première version' }));
		const stranger = await getPage(`/fr/messages/${id}/edit`, { cookie: bob.cookie });
		expect(stranger.response.status).toBe(403);
		const { doc: form } = await getPage(`/fr/messages/${id}/edit`, { cookie: alice.cookie });
		expect(form.querySelector('textarea[name="body"]')?.text).toBe('Première version');
		const edited = await postForm(
			`/fr/messages/${id}/edit`,
			{ body: 'Second version', locale: 'en' },
			{ cookie: alice.cookie }
		);
		expect(messageIdOf(edited)).toBe(id);
		const { doc } = await getPage(where, { cookie: bob.cookie });
		const shown = article(doc, id)!;
		expect(shown.getAttribute('lang')).toBe('en');
		const mark = shown.querySelector(`a[href="/fr/messages/${id}/history"]`);
		expect(textOf(mark)).toBe('modifié');
		// Public: a visitor reads it.
		const history = await getPage(`/fr/messages/${id}/history`);
		expect(history.response.status).toBe(200);
		const versions = history.doc.querySelectorAll('.versions article');
		expect(versions.map((v) => textOf(v.querySelector('.prose')))).toEqual([
			'Second version',
			'Première version'
		]);
		expect(versions.map((v) => v.getAttribute('lang'))).toEqual(['en', 'fr']);
	});

	it('deletes a message after asking, leaving a tombstone', async () => {
		const id = messageIdOf(await write(where, alice.cookie, { body: 'À effacer' }));
		const question = await getPage(`/fr/messages/${id}/delete`, { cookie: alice.cookie });
		expect(question.response.status).toBe(200);
		expect(textOf(question.doc.querySelector('#confirm-title'))).toBe('Supprimer ce message ?');
		const unconfirmed = await postForm(`/fr/messages/${id}/delete`, {}, { cookie: alice.cookie });
		expect(unconfirmed.status).toBe(200);
		expect(messages.findById(serverDb(), id)!.state).toBe('published');
		const stranger = await postForm(
			`/fr/messages/${id}/delete`,
			{ confirmed: '1' },
			{ cookie: bob.cookie }
		);
		expect(stranger.status).toBe(403);
		const done = await postForm(
			`/fr/messages/${id}/delete`,
			{ confirmed: '1' },
			{ cookie: alice.cookie }
		);
		expect(messageIdOf(done)).toBe(id);
		// A double click, a second tab: answered as the first time, not with a 404.
		const again = await Promise.all(
			Array.from({ length: 5 }, () =>
				postForm(`/fr/messages/${id}/delete`, { confirmed: '1' }, { cookie: alice.cookie })
			)
		);
		expect(again.map((r) => r.status)).toEqual(Array(5).fill(303));
		expect(again.map((r) => r.headers.get('location'))).toEqual(
			Array(5).fill(done.headers.get('location'))
		);
		// Not for someone who could not have deleted it: refused, as before the deletion.
		const late = await postForm(
			`/fr/messages/${id}/delete`,
			{ confirmed: '1' },
			{ cookie: bob.cookie }
		);
		expect(late.status).toBe(403);
		const { doc } = await getPage(where, { cookie: bob.cookie });
		const tomb = article(doc, id)!;
		expect(textOf(tomb)).toContain('Ce message a été supprimé.');
		expect(textOf(tomb)).not.toContain('À effacer');
	});
});

describe('moderation', () => {
	it('closes a discussion: the form is gone, a post is refused; reopening brings it back', async () => {
		const where = await topic(alice.cookie, `À fermer ${process.pid}`);
		const refusedMember = await postForm(`${where}?/close`, {}, { cookie: alice.cookie });
		expect(refusedMember.status).toBe(403);
		const closed = await postForm(`${where}?/close`, {}, { cookie: organiserCookie });
		expect(closed.status).toBe(303);
		const { doc } = await getPage(where, { cookie: alice.cookie });
		expect(doc.querySelector('textarea[name="body"]')).toBeNull();
		expect(textOf(doc.querySelector('.closed-notice'))).toContain('fermée');
		const refused = await write(where, alice.cookie, { body: 'Trop tard, mais **gardé**' });
		expect(refused.status).toBe(409);
		const answer = parse(await refused.text());
		expect(textOf(answer.querySelector('.not-sent .form-error'))).toBe(
			'Votre message n’a pas été envoyé : la discussion a été fermée.'
		);
		const kept = answer.querySelector('.not-sent textarea')!;
		expect(kept.hasAttribute('readonly')).toBe(true);
		expect(kept.text).toBe('Trop tard, mais **gardé**');
		// Its reply page says it is closed, and an answer posted anyway is kept the same way.
		const firstId = doc.querySelector('article.message')!.id.slice(1);
		const replyPage = await getPage(`/fr/messages/${firstId}/reply`, { cookie: alice.cookie });
		expect(replyPage.response.status).toBe(200);
		expect(textOf(replyPage.doc.querySelector('.closed-notice'))).toBe(
			'Cette discussion est fermée : on ne peut plus y répondre.'
		);
		expect(replyPage.doc.querySelector('textarea[name="body"]')).toBeNull();
		const lateReply = await postForm(
			`/fr/messages/${firstId}/reply`,
			{ body: 'Ma réponse tardive', locale: 'en' },
			{ cookie: alice.cookie }
		);
		expect(lateReply.status).toBe(409);
		const lateDoc = parse(await lateReply.text());
		expect(textOf(lateDoc.querySelector('h1'))).toBe('Répondre à un message');
		expect(lateDoc.querySelector('.not-sent textarea')!.text).toBe('Ma réponse tardive');
		expect(lateDoc.querySelector('.not-sent textarea')!.getAttribute('lang')).toBe('en');
		// Editing there is not possible either: said in words, not as an "invalid request".
		const edit = await getPage(`/fr/messages/${firstId}/edit`, { cookie: alice.cookie });
		expect(edit.response.status).toBe(409);
		expect(textOf(edit.doc.querySelector('h1'))).toBe('Impossible pour le moment');
		expect(edit.html).toContain('Ce message ne peut plus être modifié.');
		expect(edit.html).not.toContain('Demande invalide');
		await postForm(`${where}?/reopen`, {}, { cookie: organiserCookie });
		const { doc: again } = await getPage(where, { cookie: alice.cookie });
		expect(again.querySelector('textarea[name="body"]')).not.toBeNull();
	});

	it('pins a topic at the top of the forum', async () => {
		const where = await topic(alice.cookie, `Épinglé ${process.pid}`);
		expect((await postForm(`${where}?/pin`, {}, { cookie: organiserCookie })).status).toBe(303);
		const { doc } = await getPage('/fr/forum', { cookie: alice.cookie });
		const pinned = doc.querySelector('section[aria-labelledby="pinned-title"]')!;
		expect(pinned.querySelector(`a[href="${where}"]`)).not.toBeNull();
	});
});

describe('languages, pages and permalinks', () => {
	it('filters by language, never hiding messages written in neither', async () => {
		const where = await topic(alice.cookie, `Langues ${process.pid}`, 'En français', 'fr');
		const en = messageIdOf(await write(where, bob.cookie, { body: 'In English', locale: 'en' }));
		const other = messageIdOf(
			await write(where, bob.cookie, { body: 'Auf Deutsch', locale: 'other' })
		);
		const { doc } = await getPage(`${where}?lang=fr`, { cookie: bob.cookie });
		const langs = doc.querySelectorAll('article.message').map((a) => a.getAttribute('lang'));
		expect(langs).toEqual(['fr', '']);
		expect(article(doc, en)).toBeNull();
		expect(article(doc, other)).not.toBeNull();
		const current = doc.querySelector('.language-filter [aria-current="page"]');
		expect(textOf(current)).toBe('Français');
		const { doc: all } = await getPage(where, { cookie: bob.cookie });
		expect(all.querySelectorAll('article.message').map((a) => a.getAttribute('lang'))).toEqual([
			'fr',
			'en',
			''
		]);
	});

	it('sends a permalink to the page of 50 that shows it; pages keep the filter', async () => {
		const where = await topic(alice.cookie, `Long fil ${process.pid}`, 'Message 1');
		const slug = where.split('/').pop()!;
		const subject = discussions.findTopicBySlug(serverDb(), slug)!.subject;
		const ids: number[] = [];
		for (let i = 2; i <= 120; i++)
			ids.push(
				messages.post(serverDb(), { id: bob.id, role: 'member' }, subject, {
					body: `Message ${i}`,
					locale: i % 2 ? 'fr' : 'en'
				}).id
			);
		const target = ids[ids.length - 5]!; // message 116: page 3
		const response = await getPage(`/en/messages/${target}`);
		expect(response.response.status).toBe(303);
		expect(response.response.headers.get('location')).toBe(`/en/forum/${slug}?page=3#m${target}`);
		const { doc } = await getPage(`/en/forum/${slug}?page=3`, { cookie: bob.cookie });
		expect(article(doc, target)).not.toBeNull();
		expect(doc.querySelectorAll('article.message')).toHaveLength(20);
		expect((await getPage('/en/messages/999999')).response.status).toBe(404);

		const { doc: filtered } = await getPage(`/en/forum/${slug}?lang=en&page=1`, {
			cookie: bob.cookie
		});
		const pager = filtered.querySelector('.discussion-pager')!;
		const next = pager.querySelector('a[rel="next"]')!.getAttribute('href')!;
		expect(next).toBe(`/en/forum/${slug}?page=2&lang=en#discussion`);
		expect(pager.querySelector('[aria-current="page"]')).not.toBeNull();
	});
});

describe('hostile input and what visitors get', () => {
	it('escapes hostile Markdown and hostile display names', async () => {
		const villain = await member(`<img src=x onerror=alert(1)> ${process.pid}`);
		const where = await topic(alice.cookie, `Hostile ${process.pid}`);
		const id = messageIdOf(
			await write(where, villain.cookie, {
				body: '<script>alert(1)</script>\n\n[clic](javascript:alert(1)) <img src=x onerror=alert(2)>'
			})
		);
		const { html, doc } = await getPage(where, { cookie: bob.cookie });
		const shown = article(doc, id)!;
		expect(shown.querySelector('script')).toBeNull();
		expect(shown.querySelector('img')).toBeNull();
		expect(
			shown.querySelectorAll('a').some((a) => /javascript:/i.test(a.getAttribute('href') ?? ''))
		).toBe(false);
		expect(html).not.toContain('<img src=x');
		expect(textOf(shown.querySelector('.author bdi'))).toContain('<img src=x onerror=alert(1)>');
	});

	it('refuses a 16 KB message with its limit, keeping it; takes parallel posts all', async () => {
		const where = await topic(alice.cookie, `Limites ${process.pid}`);
		const long = `${'\u202e\u200bmot '.repeat(3_000)}fin`;
		const refused = await write(where, alice.cookie, { body: long });
		expect(refused.status).toBe(400);
		const html = await refused.text();
		expect(html).toMatch(/10\s000/);
		expect(html).toContain('mot fin');
		const answers = await Promise.all(
			Array.from({ length: 10 }, (_, i) => write(where, bob.cookie, { body: `Parallèle ${i}` }))
		);
		expect(answers.map((r) => r.status)).toEqual(Array(10).fill(303));
		const slug = where.split('/').pop()!;
		expect(discussions.findTopicBySlug(serverDb(), slug)!.messageCount).toBe(11);
		const odd = await getPage(`${where}?page=zz&lang=xx`, { cookie: bob.cookie });
		expect(odd.response.status).toBe(200);
		expect(odd.doc.querySelectorAll('article.message')).toHaveLength(11);
	});

	it('gives every visitor the same page, with nothing of anyone in it', async () => {
		const where = await topic(alice.cookie, `Visiteurs ${process.pid}`, 'Un message à lire.');
		const first = await getPage(where);
		const second = await getPage(where);
		expect(first.response.status).toBe(200);
		expect(first.html).toBe(second.html);
		expect(first.response.headers.get('cache-control') ?? '').not.toContain('private');
		expect(first.doc.querySelector('form[action="?/write"]')).toBeNull();
		expect(
			first.doc.querySelector('a[href$="/edit"], a[href$="/delete"], a[href$="/reply"]')
		).toBeNull();
		const takePart = first.doc.querySelector('.take-part a')!;
		expect(takePart.getAttribute('href')).toBe(
			`/fr/login?redirectTo=${encodeURIComponent(`${where}#discussion`)}`
		);
		expect(first.html).not.toContain(alice.email);
	});
});

describe('forged and truncated posts', () => {
	it("refuses an edit without a language instead of changing the message's, and keeps the text", async () => {
		const where = await topic(alice.cookie, `Langue ${process.pid}`);
		const id = messageIdOf(await write(where, alice.cookie, { body: 'En français.' }));
		const refused = await postForm(
			`/fr/messages/${id}/edit`,
			{ body: 'Sans langue' },
			{ cookie: alice.cookie }
		);
		expect(refused.status).toBe(400);
		expect(await refused.text()).toContain('Sans langue');
		const stored = messages.findById(serverDb(), id)!;
		expect([stored.body, stored.locale]).toEqual(['En français.', 'fr']);
	});

	it('lets nobody rewrite a closed discussion, not even by posting to the edit form', async () => {
		const where = await topic(alice.cookie, `Fermé ${process.pid}`);
		const id = messageIdOf(await write(where, alice.cookie, { body: 'Avant la fermeture' }));
		expect((await postForm(`${where}?/close`, {}, { cookie: organiserCookie })).status).toBe(303);
		const edited = await postForm(
			`/fr/messages/${id}/edit`,
			{ body: 'Après', locale: 'fr' },
			{ cookie: alice.cookie }
		);
		expect(edited.status).toBe(409);
		const removed = await postForm(
			`/fr/messages/${id}/delete`,
			{ confirmed: '1' },
			{ cookie: alice.cookie }
		);
		expect(removed.status).toBe(409);
		expect(messages.findById(serverDb(), id)!.body).toBe('Avant la fermeture');
	});
});

describe('what a new member reads', () => {
	it('says the limits in French numbers, names the languages as choices, and the search covers messages', async () => {
		const where = await topic(alice.cookie, `Lecture ${process.pid}`, 'Un message lisible.');
		const { doc } = await getPage(where, { cookie: bob.cookie });
		const hint = doc.querySelector('#message-body-hint')!.text;
		expect(hint).toMatch(/10[\u00a0\u202f]000 caractères au plus/);
		expect(doc.querySelectorAll('.locale-choice label').map((label) => textOf(label))).toEqual([
			'Français',
			'Anglais',
			'Autre langue'
		]);
		const english = await getPage(where.replace('/fr/', '/en/'), { cookie: bob.cookie });
		expect(english.doc.querySelector('#message-body-hint')!.text).toMatch(/10,000/);
		expect(
			english.doc.querySelectorAll('.locale-choice label').map((label) => textOf(label))
		).toEqual(['French', 'English', 'Other language']);
		expect(textOf(doc.querySelector('.search-form label'))).toBe(
			'Rechercher dans les événements, publications et messages'
		);
		expect(textOf(english.doc.querySelector('.search-form label'))).toBe(
			'Search events, posts and messages'
		);
	});

	it('spaces the last message’s time from its author, and needs no elision before a name', async () => {
		const where = await topic(alice.cookie, `Espaces ${process.pid}`, 'Un message lisible.');
		const { doc: forum } = await getPage('/fr/forum', { cookie: bob.cookie });
		const listed = forum
			.querySelectorAll('.listed')
			.find((l) => l.querySelector(`a[href="${where}"]`))!;
		expect(listed.innerHTML).toMatch(/<\/time> · <bdi>/);
		expect(textOf(listed.querySelector('bdi'))).toBe(alice.name);

		const home = await getPage('/fr', { cookie: bob.cookie });
		const latest = home.doc.querySelector('section[aria-labelledby="forum-latest"]')!;
		expect(latest.innerHTML).toContain('dernier message\u00a0: <bdi>');
		expect(latest.innerHTML).not.toContain('dernier message de');

		const search = await getPage('/fr/search?q=lisible', { cookie: bob.cookie });
		const byline = search.doc.querySelector('.message-hit .meta')!;
		expect(byline.innerHTML).toContain(`par <bdi>${alice.name}</bdi>`);

		const account = await getPage('/fr/account', { cookie: alice.cookie });
		expect(account.html).toContain(`Compte connecté\u00a0: ${alice.name}`);
		expect(account.html).not.toContain('en tant que');
	});
});

describe('what a stranger can reach', () => {
	it('quotes hostile words as text: nothing in a quote becomes markup', async () => {
		const where = await topic(alice.cookie, `Citation ${process.pid}`);
		const hostile = messageIdOf(
			await write(where, alice.cookie, { body: 'Voici <img src=x onerror=alert(1)> et </script>' })
		);
		const answer = messageIdOf(
			await postForm(
				`/fr/messages/${hostile}/reply`,
				{ body: 'Réponse', locale: 'fr', quote: '<img src=x onerror=alert(1)> et </script>' },
				{ cookie: bob.cookie }
			)
		);
		const { html, doc } = await getPage(where, { cookie: bob.cookie });
		const quote = article(doc, answer)!.querySelector('blockquote')!;
		expect(quote.querySelector('img')).toBeNull();
		expect(textOf(quote)).toContain('<img src=x onerror=alert(1)>');
		expect(html).not.toContain('<img src=x');
	});

	it('sends a visitor posting to a discussion, by any spelling of its address, to log in, and writes nothing', async () => {
		const where = await topic(alice.cookie, `Encodé ${process.pid}`);
		const slug = where.split('/').pop()!;
		const before = discussions.findTopicBySlug(serverDb(), slug)!;
		for (const path of [
			`/fr/%66orum/${slug}?/write`,
			`/fr/forum/${slug}?/close`,
			`/fr/%66orum/${slug}?/pin`,
			'/fr/%65vents/ngi-forum-2025?/write',
			'/fr/events/ngi-forum-2025?/close',
			'/en/%70osts/retour-ngi-forum-2025?/write'
		]) {
			const response = await postForm(path, { body: 'Anonyme', locale: 'fr' });
			expect(response.status, path).toBe(303);
			expect(response.headers.get('location'), path).toMatch(/\/login\?redirectTo=/);
		}
		// A member is not an organiser, whatever the spelling.
		const closing = await postForm(`/fr/%66orum/${slug}?/close`, {}, { cookie: bob.cookie });
		expect(closing.status).toBe(403);
		const after = discussions.findTopicBySlug(serverDb(), slug)!;
		expect([after.messageCount, after.closedAt, after.pinnedAt]).toEqual([
			before.messageCount,
			null,
			null
		]);
	});
});
