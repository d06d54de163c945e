import ICAL from 'ical.js';
import { parse, type HTMLElement } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import * as events from '../src/lib/server/content/events';
import * as posts from '../src/lib/server/content/posts';
import { findAll, parseXmlStrict, type XmlNode } from '../src/lib/server/testing/xml';
import { get, getPage, textOf } from './helpers/http';
import { loginCookie, makeOrganiser, postForm, serverDb, useOwnServer } from './helpers/organiser';
import { emptyEventForm } from '../src/lib/server/forms/events';
import { emptyPostForm } from '../src/lib/server/forms/posts';

/*
 * Text an organiser (or a raw POST) may send that XML or iCalendar forbid: control characters,
 * CR/LF in a title, U+2028, U+FFFE, markup, a CDATA end, very long strings. Every form field
 * takes some; every output must stay well-formed and show it escaped. Then rows written
 * around the input cleaning, as old rows are, and an archived event with a recap.
 */

let cookie = '';
// This file writes hostile rows and archives a seeded event: a server and database of its own.
const server = useOwnServer();
beforeAll(async () => {
	const organiser = await makeOrganiser();
	cookie = await loginCookie(organiser.email, organiser.password);
});

/** What XML 1.0 or RFC 5545 forbid, and what we promise never to emit (CR and U+2028/9 too). */
// eslint-disable-next-line no-control-regex -- the control characters are what is matched
const FORBIDDEN = /[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\x7f\u2028\u2029\ufffe\uffff]/;
const NASTY = '\x00\x01\x0b\x1b\x7f\u2028\u2029\ufffe\uffff';

function hostile(label: string) {
	return `${label}\r\nsuite${NASTY} <script>alert(1)</script> ]]> & "q"`;
}
/** `hostile(label)` as a one-line field stores it. */
function cleanedLine(label: string) {
	return `${label} suite <script>alert(1)</script> ]]> & "q"`;
}

/** Long, within the limits (text.MAX_LENGTH): a title of some 250 characters, a text of 19,000. */
const LONG = 'long '.repeat(3800);
const LONG_LINE = 'long '.repeat(30);

/** Script elements other than our JSON-LD: none may come from what was typed. */
function injectedScripts(doc: HTMLElement) {
	return doc
		.querySelectorAll('script')
		.filter((script) => script.getAttribute('type') !== 'application/ld+json');
}

function jsonLdOf(doc: HTMLElement) {
	const scripts = doc.querySelectorAll('script[type="application/ld+json"]');
	expect(scripts).toHaveLength(1);
	return JSON.parse(scripts[0]!.rawText) as Record<string, unknown> & {
		about?: { name: string; url: string };
	};
}

async function atom(lang: 'fr' | 'en'): Promise<XmlNode> {
	const response = await get(`/${lang}/posts.atom`);
	expect(response.status).toBe(200);
	return parseXmlStrict(await response.text());
}

function atomEntry(feed: XmlNode, slug: string) {
	return findAll(feed, 'entry').find((e) =>
		findAll(e, 'link').some(
			(l) => l.attrib.rel === 'alternate' && l.attrib.href!.endsWith(`/posts/${slug}`)
		)
	);
}

function vevents(ics: string) {
	return new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');
}

const emptyEvent = { ...emptyEventForm(), timeZone: 'Europe/Brussels' };
const emptyPost = { ...emptyPostForm(), kind: 'recap' };

describe('hostile text through the organiser forms', () => {
	let eventId = 0;
	let eventUid = '';
	const eventSlug = 'texte-hostile';
	const postSlug = 'retour-hostile';

	it('stores every field cleaned: one-line fields on one line, nothing forbidden', async () => {
		const response = await postForm(
			'/fr/organiser/events/new?/save',
			{
				...emptyEvent,
				intent: 'publish',
				slug: ` ${eventSlug}\r\n\x01`,
				startLocal: '2031-04-02T09:30',
				endLocal: '2031-04-02T17:00',
				venue_fr: hostile('Salle'),
				city_fr: hostile('Liège'),
				city_en: hostile('Liege'),
				country: 'BE',
				host: hostile('Coop'),
				title_fr: hostile('Titre') + LONG_LINE,
				summary_fr: hostile('Résumé'),
				description_fr: hostile('Description') + LONG,
				title_en: hostile('Title'),
				summary_en: hostile('Summary'),
				description_en: hostile('Description en')
			},
			{ cookie }
		);
		expect(response.status).toBe(303);
		eventId = Number(/events\/(\d+)/.exec(response.headers.get('location')!)![1]);
		const event = events.findById(serverDb(), eventId)!;
		eventUid = event.uid;
		expect(event).toMatchObject({ slug: eventSlug, host: cleanedLine('Coop') });
		expect(event.texts.fr).toMatchObject({
			venue: cleanedLine('Salle'),
			city: cleanedLine('Liège')
		});
		expect(event.texts.en).toMatchObject({ venue: '', city: cleanedLine('Liege') });
		expect(event.texts.fr!.title).toBe(cleanedLine('Titre') + LONG_LINE.trim());
		expect(event.texts.en!.summary).toBe(cleanedLine('Summary'));
		// Line breaks stay in a description, as LF; what is forbidden goes.
		expect(event.texts.en!.description).toBe(
			'Description en\nsuite\n\n\n <script>alert(1)</script> ]]> & "q"'
		);

		const post = await postForm(
			'/fr/organiser/posts/new?/save',
			{
				...emptyPost,
				eventId: String(eventId),
				slug: `${postSlug}\u2028`,
				mediaUrl: 'https://example.org/episode.mp3\x0b\r\n',
				title_fr: hostile('Retour') + LONG_LINE,
				body_fr: hostile('Corps') + LONG,
				title_en: hostile('Back'),
				body_en: hostile('Body'),
				intent: 'publish'
			},
			{ cookie }
		);
		expect(post.status).toBe(303);
		const stored = posts.findPublished(serverDb(), postSlug);
		expect(stored && 'post' in stored ? stored.post.mediaUrl : null).toBe(
			'https://example.org/episode.mp3'
		);
		const db = serverDb().$client;
		const rows = [
			...db
				.prepare(
					'select title, summary, description, slug, event_texts.venue, event_texts.city, host from event_texts join events on events.id = event_id where event_id = ?'
				)
				.all(eventId),
			...db
				.prepare(
					'select title, body, slug, media_url from post_texts join posts on posts.id = post_id where slug = ?'
				)
				.all(postSlug)
		] as Record<string, string>[];
		expect(rows).toHaveLength(4);
		for (const row of rows)
			for (const value of Object.values(row)) expect(FORBIDDEN.test(value)).toBe(false);
	});

	it('keeps both Atom feeds well-formed, with the text as typed, escaped', async () => {
		for (const [lang, label] of [
			['fr', 'Retour'],
			['en', 'Back']
		] as const) {
			const entry = atomEntry(await atom(lang), postSlug)!;
			expect(entry).toBeDefined();
			const title = findAll(entry, 'title')[0]!.text;
			expect(title.startsWith(cleanedLine(label))).toBe(true);
			expect(FORBIDDEN.test(title)).toBe(false);
			// The body is HTML inside the feed: its <script> arrives as text, escaped twice over.
			const content = findAll(entry, 'content')[0]!.text;
			expect(content).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
			expect(content).not.toContain('<script');
		}
	});

	it('writes calendars that parse, with one VEVENT whose SUMMARY is one clean line', async () => {
		const single = await get(`/fr/events/${eventSlug}.ics`);
		expect(single.status).toBe(200);
		const [only, ...more] = vevents(await single.text());
		expect(more).toHaveLength(0);
		const summary = new ICAL.Event(only).summary;
		expect(summary).toBe(cleanedLine('Titre') + LONG_LINE.trim());
		expect(FORBIDDEN.test(summary) || summary.includes('\n')).toBe(false);
		expect(new ICAL.Event(only).location).toBe(
			`${cleanedLine('Salle')}, ${cleanedLine('Liège')}, Belgique`
		);

		const feed = await (await get('/en/calendar.ics')).text();
		const ours = vevents(feed).filter((v) => v.getFirstPropertyValue('uid') === eventUid);
		expect(ours).toHaveLength(1);
		const feedSummary = new ICAL.Event(ours[0]).summary;
		expect(feedSummary).toBe(cleanedLine('Title'));
		expect(FORBIDDEN.test(new ICAL.Event(ours[0]).description)).toBe(false);
	});

	it('shows the text escaped on the pages, and JSON-LD that parses', async () => {
		const eventPage = await getPage(`/fr/events/${eventSlug}`);
		expect(eventPage.response.status).toBe(200);
		expect(textOf(eventPage.doc.querySelector('h1'))).toBe(cleanedLine('Titre') + LONG_LINE.trim());
		expect(injectedScripts(eventPage.doc)).toEqual([]);
		expect(jsonLdOf(eventPage.doc)).toMatchObject({
			name: cleanedLine('Titre') + LONG_LINE.trim(),
			organizer: { name: cleanedLine('Coop') }
		});

		const postPage = await getPage(`/en/posts/${postSlug}`);
		expect(postPage.response.status).toBe(200);
		expect(textOf(postPage.doc.querySelector('h1'))).toBe(cleanedLine('Back'));
		expect(textOf(postPage.doc.querySelector('.prose'))).toContain('<script>alert(1)</script> ]]>');
		expect(injectedScripts(postPage.doc)).toEqual([]);
		const ld = jsonLdOf(postPage.doc);
		expect(ld.headline).toBe(cleanedLine('Back'));
		expect(ld.about).toMatchObject({ name: cleanedLine('Title') });
	});

	it('keeps every output well-formed when old rows hold forbidden characters', async () => {
		const db = serverDb().$client;
		const old = `Vieux\r\ntitre${NASTY}`;
		// As a row written before input was cleaned: straight into the tables. updated_at moves,
		// as it did when the row was written, so no remembered calendar block is reused.
		db.prepare(
			'update event_texts set title = ?, summary = ?, description = ? where event_id = ?'
		).run(old, old, old, eventId);
		db.prepare('update event_texts set venue = ? where event_id = ?').run(old, eventId);
		db.prepare('update events set updated_at = updated_at + 1 where id = ?').run(eventId);
		db.prepare(
			'update post_texts set title = ?, body = ? where post_id = (select id from posts where slug = ?)'
		).run(old, old, postSlug);
		db.prepare('update posts set updated_at = updated_at + 1 where slug = ?').run(postSlug);

		for (const lang of ['fr', 'en'] as const) {
			const feed = await atom(lang);
			expect(findAll(atomEntry(feed, postSlug)!, 'title')[0]!.text).toBe('Vieux titre');
			const related = findAll(atomEntry(feed, postSlug)!, 'link').find(
				(l) => l.attrib.rel === 'related'
			)!;
			expect(related.attrib.title).toBe('Vieux titre');

			const ics = await (await get(`/${lang}/events/${eventSlug}.ics`)).text();
			expect(FORBIDDEN.test(ics.replace(/\r\n/g, ''))).toBe(false);
			const [vevent] = vevents(ics);
			expect(new ICAL.Event(vevent).summary).toBe('Vieux titre');
			const feedIcs = await (await get(`/${lang}/calendar.ics`)).text();
			expect(FORBIDDEN.test(feedIcs.replace(/\r\n/g, ''))).toBe(false);
			expect(
				vevents(feedIcs)
					.filter((v) => v.getFirstPropertyValue('uid') === eventUid)
					.map((v) => new ICAL.Event(v).summary)
			).toEqual(['Vieux titre']);

			const page = await getPage(`/${lang}/events/${eventSlug}`);
			expect(jsonLdOf(page.doc).name).toBe('Vieux titre');
			const postPage = await getPage(`/${lang}/posts/${postSlug}`);
			expect(jsonLdOf(postPage.doc)).toMatchObject({
				headline: 'Vieux titre',
				about: { name: 'Vieux titre' }
			});
		}
		const index = parseXmlStrict(await (await get('/sitemap.xml')).text());
		for (const loc of findAll(index, 'loc'))
			parseXmlStrict(await (await get(new URL(loc.text).pathname)).text());
	});
});

describe('texts over the limits', () => {
	it('are refused with the limit, in the reader language, keeping what was typed, and nothing is stored', async () => {
		const before = posts.listAll(serverDb()).length;
		const body = 'mot '.repeat(12_501);
		const response = await postForm(
			'/fr/organiser/posts/new?/save',
			{ ...emptyPost, kind: 'article', title_fr: 'Trop long', body_fr: body, intent: 'publish' },
			{ cookie }
		);
		expect(response.status).toBe(400);
		const doc = parse(await response.text());
		// textOf makes the thin space French puts in 50 000 a plain one.
		expect(textOf(doc.querySelector('#body_fr-error'))).toBe(
			'Trop long : 50 000 caractères au plus.'
		);
		expect(doc.querySelector('#body_fr')!.textContent).toBe(body);
		expect(posts.listAll(serverDb())).toHaveLength(before);
	});
});

describe('an archived event with a recap', () => {
	const eventSlug = 'ngi-forum-2025';
	const recapSlug = 'retour-ngi-forum-2025';
	const titles = ['Next Generation Internet Forum 2025'];
	const link = `/events/${eventSlug}`;

	it('is named and linked by its recap while it stands', async () => {
		const page = await getPage(`/fr/posts/${recapSlug}`);
		expect(page.doc.querySelector('.about a')!.getAttribute('href')).toBe(`/fr${link}`);
		expect(jsonLdOf(page.doc).about!.name).toBe(titles[0]);
		const related = findAll(atomEntry(await atom('fr'), recapSlug)!, 'link').filter(
			(l) => l.attrib.rel === 'related'
		);
		expect(related.map((l) => l.attrib.href)).toEqual([`${server().url}/fr${link}`]);
	});

	it('once archived, is named and linked nowhere, and its recap stays', async () => {
		const ngi = events.findBySlug(serverDb(), eventSlug)!;
		expect(
			(await postForm(`/fr/organiser/events/${ngi.id}?/archive`, { confirmed: '1' }, { cookie }))
				.status
		).toBe(303);
		expect((await get(`/fr${link}`)).status).toBe(404);

		for (const lang of ['fr', 'en'] as const) {
			const recap = await getPage(`/${lang}/posts/${recapSlug}`);
			expect(recap.response.status).toBe(200);
			expect(recap.doc.querySelector('.about')).toBeNull();
			expect(jsonLdOf(recap.doc).about).toBeUndefined();
			const list = await getPage(`/${lang}/posts`);
			const home = await getPage(`/${lang}/`);
			const search = await getPage(`/${lang}/search?q=NGI`);
			for (const { doc, html } of [recap, list, home, search]) {
				expect(
					doc
						.querySelectorAll('a')
						.map((a) => a.getAttribute('href'))
						.filter((h) => h?.includes(link))
				).toEqual([]);
				for (const title of titles) expect(html).not.toContain(title);
			}
			// The recap is still listed and found; only its event is gone.
			expect(
				list.doc
					.querySelectorAll('a')
					.some((a) => a.getAttribute('href') === `/${lang}/posts/${recapSlug}`)
			).toBe(true);

			const feed = await atom(lang);
			const entry = atomEntry(feed, recapSlug)!;
			expect(entry).toBeDefined();
			expect(findAll(entry, 'link').filter((l) => l.attrib.rel === 'related')).toEqual([]);
			expect(JSON.stringify(feed)).not.toContain(link);
			for (const title of titles) expect(JSON.stringify(feed)).not.toContain(title);
		}
	});

	it('takes no new post, and the editor offers it no more', async () => {
		const ngi = events.listAll(serverDb()).find((e) => e.slug === eventSlug)!;
		const editor = await getPage('/en/organiser/posts/new', { cookie });
		expect(
			editor.doc.querySelectorAll('#eventId option').map((o) => o.getAttribute('value'))
		).not.toContain(String(ngi.id));

		const before = posts.listAll(serverDb()).length;
		const response = await postForm(
			'/en/organiser/posts/new?/save',
			{
				...emptyPost,
				eventId: String(ngi.id),
				title_en: 'Another look back',
				body_en: 'keep me',
				intent: 'publish'
			},
			{ cookie }
		);
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('This event is archived: posts can no longer be attached to it.');
		expect(html).toContain('keep me');
		expect(html).toContain('value="Another look back"');
		expect(posts.listAll(serverDb())).toHaveLength(before);
	});

	it('stays attached to its recap when the recap is edited and saved from the editor', async () => {
		const ngi = events.listAll(serverDb()).find((e) => e.slug === eventSlug)!;
		const recap = posts.listAll(serverDb()).find((p) => p.slug === recapSlug)!;
		const editor = await getPage(`/en/organiser/posts/${recap.id}`, { cookie });
		const selected = editor.doc.querySelector('#eventId option[selected]');
		expect(selected?.getAttribute('value')).toBe(String(ngi.id));
		expect(selected?.textContent).toContain('archived');
		// Save what the editor shows, as a browser would send it.
		const fields: Record<string, string> = {};
		for (const input of editor.doc.querySelectorAll(
			'form input[name], form textarea[name], form select[name]'
		)) {
			const name = input.getAttribute('name')!;
			if (input.tagName === 'SELECT')
				fields[name] = input.querySelector('option[selected]')?.getAttribute('value') ?? '';
			else if (input.tagName === 'TEXTAREA') fields[name] = input.textContent;
			else if (input.getAttribute('type') !== 'checkbox' || input.hasAttribute('checked'))
				fields[name] = input.getAttribute('value') ?? '';
		}
		const response = await postForm(
			`/en/organiser/posts/${recap.id}?/save`,
			{ ...fields, intent: 'save' },
			{ cookie }
		);
		expect(response.status).toBe(303);
		expect(posts.findById(serverDb(), recap.id)!.eventId).toBe(ngi.id);
	});
});
