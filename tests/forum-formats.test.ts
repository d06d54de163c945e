import { parse } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import * as events from '../src/lib/server/content/events';
import * as posts from '../src/lib/server/content/posts';
import * as discussions from '../src/lib/server/forum/discussions';
import * as messages from '../src/lib/server/forum/messages';
import * as topics from '../src/lib/server/forum/topics';
import { member } from '../src/lib/server/testing/forum';
import { findAll, parseXmlStrict, type XmlNode } from '../src/lib/server/testing/xml';
import { base, get, getPage, textOf } from './helpers/http';
import { serverDb, useOwnServer } from './helpers/organiser';

// This file writes in the forum and archives an event: a server of its own.
useOwnServer();

const HOSTILE = '<img src=x onerror=alert(1)> Zoë & «\u202eco»';
let ngiId: number;
let french: messages.Message;
let english: messages.Message;
let onRecap: messages.Message;
let topic: discussions.Discussion;
let opening: number;

// Written before any page is asked for: nothing cached yet can hide it.
beforeAll(() => {
	const db = serverDb();
	const claire = member(db, 'Claire Dubois');
	const hostile = member(db, HOSTILE);
	ngiId = events.findBySlug(db, 'ngi-forum-2025')!.id;
	const ngi = { kind: 'event', id: ngiId } as const;
	french = messages.post(db, claire, ngi, {
		body: 'La souveraineté numérique était au cœur des débats à Bruxelles.',
		locale: 'fr'
	});
	english = messages.post(db, hostile, ngi, {
		body: 'Loved the carpooling **thread** </script><script>alert(1)</script>',
		locale: 'en',
		replyTo: french.id,
		quote: 'souveraineté numérique'
	});
	const deleted = messages.post(db, claire, ngi, { body: 'Effacé : tournesol', locale: 'fr' });
	messages.remove(db, claire, deleted.id);
	const discussionId = discussions.forSubject(db, ngi).id!;
	db.$client.transaction(() =>
		messages.insert(
			db,
			discussionId,
			hostile.id!,
			{ body: 'En attente : tournesol', locale: 'fr', replyTo: null, quote: null },
			Date.now(),
			'held'
		)
	)();
	const recap = posts.findPublished(db, 'retour-ngi-forum-2025');
	if (!recap || !('post' in recap)) throw new Error('seed recap missing');
	onRecap = messages.post(
		db,
		claire,
		{ kind: 'post', id: recap.post.id },
		{ body: 'Merci pour ce compte rendu.', locale: 'fr' }
	);
	const started = topics.start(db, hostile, {
		title: 'Covoiturage </title> pour Bruxelles',
		body: 'Who drives from Lille?',
		locale: 'en'
	});
	topic = started.topic;
	opening = started.messageId;
});

const entriesOf = (xml: string) => findAll(parseXmlStrict(xml), 'entry');
const linkOf = (entry: XmlNode) =>
	findAll(entry, 'link').find((l) => l.attrib.rel === 'alternate')!.attrib.href;
const textIn = (node: XmlNode, tag: string) => findAll(node, tag)[0]?.text;

describe('forum feeds', () => {
	it('/{lang}/forum.atom has the newest messages, newest first, each in its language', async () => {
		const response = await get('/en/forum.atom');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
		const body = await response.text();
		const root = parseXmlStrict(body);
		expect(root.attrib.lang).toBe('en');
		const entries = findAll(root, 'entry');
		expect(entries.map(linkOf)).toEqual(
			[opening, onRecap.id, english.id, french.id].map((id) => `${base()}/en/messages/${id}`)
		);
		expect(entries.map((e) => e.attrib.lang)).toEqual(['en', 'fr', 'en', 'fr']);
		const reply = entries[2]!;
		expect(textIn(reply, 'name')).toBe(HOSTILE);
		expect(textIn(reply, 'title')).toMatch(/ in “.+”$/);
		const html = textIn(reply, 'content')!;
		expect(html).toContain('<strong>thread</strong>');
		expect(html).not.toContain('<script>');
		expect(html).toContain('<blockquote><p>souveraineté numérique</p></blockquote>');
		expect(body).not.toContain('tournesol');
		expect(textIn(entries[0]!, 'title')).toBe(
			`${HOSTILE} in “Covoiturage </title> pour Bruxelles”`
		);

		const etag = response.headers.get('etag')!;
		expect(etag).toBeTruthy();
		expect(response.headers.get('last-modified')).toBeTruthy();
		expect((await get('/en/forum.atom', { 'if-none-match': etag })).status).toBe(304);
	});

	it('the forum feed is announced on every page', async () => {
		for (const path of ['/fr/', '/en/events/ngi-forum-2025', '/en/search?q=x']) {
			const { doc } = await getPage(path);
			const feeds = doc
				.querySelectorAll('link[rel=alternate][type="application/atom+xml"]')
				.map((l) => l.getAttribute('href'));
			expect(feeds).toContain(`/${path.slice(1, 3)}/forum.atom`);
		}
	});

	it("each discussion has its own feed, titled in the feed's language", async () => {
		const event = parseXmlStrict(
			await (await get('/fr/events/ngi-forum-2025/discussion.atom')).text()
		);
		expect(textIn(event, 'title')).toMatch(/^Discussion\u00a0: /);
		expect(findAll(event, 'entry').map(linkOf)).toEqual(
			[english.id, french.id].map((id) => `${base()}/fr/messages/${id}`)
		);
		expect(textIn(findAll(event, 'entry')[1]!, 'title')).toMatch(/^Claire Dubois dans «\u00a0/);

		const post = entriesOf(
			await (await get('/en/posts/retour-ngi-forum-2025/discussion.atom')).text()
		);
		expect(post.map(linkOf)).toEqual([`${base()}/en/messages/${onRecap.id}`]);

		const own = await get(`/en/forum/${topic.slug}.atom`);
		expect(own.status).toBe(200);
		const root = parseXmlStrict(await own.text());
		expect(textIn(root, 'title')).toBe('Discussion: Covoiturage </title> pour Bruxelles');
		expect(findAll(root, 'entry').map(linkOf)).toEqual([`${base()}/en/messages/${opening}`]);
	});

	it('an event nobody wrote about has a valid empty feed; what readers cannot see has none', async () => {
		const empty = await get('/en/events/autonomie-numerique-communs-2025/discussion.atom');
		expect(empty.status).toBe(200);
		expect(entriesOf(await empty.text())).toEqual([]);
		for (const path of [
			'/fr/forum/nope.atom',
			'/fr/events/nope/discussion.atom',
			'/en/posts/nope/discussion.atom',
			'/fr/forum/%3Cscript%3E.atom'
		])
			expect((await get(path)).status, path).toBe(404);
	});
});

describe('search', () => {
	it('finds a French message typed without accents, marked as a message with its discussion', async () => {
		const { response, doc } = await getPage('/en/search?q=souverainete%20debats');
		expect(response.status).toBe(200);
		const hits = doc.querySelectorAll('li.message-hit');
		expect(hits).toHaveLength(1);
		const hit = hits[0]!;
		expect(textOf(hit.querySelector('.kind'))).toBe('Message');
		expect(textOf(hit.querySelector('.meta'))).toContain('by Claire Dubois');
		const link = hit.querySelector('h3 a')!;
		expect(link.getAttribute('href')).toBe(`/en/messages/${french.id}`);
		expect(textOf(link)).toBe(events.findBySlug(serverDb(), 'ngi-forum-2025')!.texts.en!.title);
		const excerpt = hit.querySelector('p[lang=fr]')!;
		expect(excerpt.querySelectorAll('mark').map((m) => m.textContent)).toEqual([
			'souveraineté',
			'débats'
		]);
	});

	it('finds an English message, escaped, and never a deleted or held one', async () => {
		const { doc } = await getPage('/fr/search?q=carpooling');
		const hits = doc.querySelectorAll('li.message-hit');
		expect(hits.map((h) => h.querySelector('h3 a')!.getAttribute('href'))).toEqual([
			`/fr/messages/${english.id}`
		]);
		expect(hits[0]!.querySelector('script')).toBeNull();
		expect(hits[0]!.querySelector('p[lang=en]')).not.toBeNull();
		const { doc: none } = await getPage('/fr/search?q=tournesol');
		expect(none.querySelectorAll('li.message-hit')).toHaveLength(0);
		expect(none.querySelector('p.empty')).not.toBeNull();
	});
});

describe('counts and latest activity', () => {
	it('the home page counts each event’s messages and names the latest discussions', async () => {
		const { doc } = await getPage('/en/');
		const card = doc
			.querySelectorAll('article.event-card')
			.find((c) => c.querySelector('h3 a')!.getAttribute('href') === '/en/events/ngi-forum-2025')!;
		expect(textOf(card.querySelector('.messages'))).toBe('2 messages');
		const others = doc
			.querySelectorAll('article.event-card')
			.filter((c) => c !== card && c.querySelector('.messages'));
		expect(others).toEqual([]);
		const latest = doc.querySelector('section.forum-latest')!;
		expect(textOf(latest.querySelector('h2'))).toBe('Latest in the forum');
		expect(latest.querySelectorAll('li a').map((a) => a.getAttribute('href'))).toEqual([
			`/en/forum/${topic.slug}`,
			'/en/posts/retour-ngi-forum-2025',
			'/en/events/ngi-forum-2025'
		]);
		expect(latest.querySelector('a[href="/en/forum"]')).not.toBeNull();
		const french = (await getPage('/fr/')).doc;
		expect(textOf(french.querySelector('section.forum-latest h2'))).toBe(
			'Dernières discussions du forum'
		);
	});

	it('the posts list counts each post’s messages', async () => {
		const { doc } = await getPage('/fr/posts');
		const counted = doc
			.querySelectorAll('article.post-card')
			.filter((c) => c.querySelector('.messages'))
			.map((c) => [
				c.querySelector('h2 a')!.getAttribute('href'),
				textOf(c.querySelector('.messages'))
			]);
		expect(counted).toEqual([['/fr/posts/retour-ngi-forum-2025', '1 message']]);
	});
});

describe('sitemap', () => {
	it('lists topics in a part of their own, in both languages', async () => {
		const index = parse(await (await get('/sitemap.xml')).text(), { lowerCaseTagName: false });
		const parts = index.querySelectorAll('sitemap loc').map((l) => textOf(l));
		expect(parts).toContain(`${base()}/sitemap-topics-1.xml`);
		const part = await get('/sitemap-topics-1.xml');
		expect(part.status).toBe(200);
		const locs = findAll(parseXmlStrict(await part.text()), 'loc').map((l) => l.text);
		expect(locs).toEqual([`${base()}/fr/forum/${topic.slug}`, `${base()}/en/forum/${topic.slug}`]);
		expect((await get('/sitemap-topics-2.xml')).status).toBe(404);
	});
});

describe('an archived event', () => {
	it('takes its discussion out of the feeds and the search', async () => {
		events.setArchived(serverDb(), ngiId, true);
		expect((await get('/en/events/ngi-forum-2025/discussion.atom')).status).toBe(404);
		const links = entriesOf(await (await get('/en/forum.atom')).text()).map(linkOf);
		expect(links).toEqual([opening, onRecap.id].map((id) => `${base()}/en/messages/${id}`));
		const { doc } = await getPage('/fr/search?q=carpooling');
		expect(doc.querySelectorAll('li.message-hit')).toHaveLength(0);
	});
});
