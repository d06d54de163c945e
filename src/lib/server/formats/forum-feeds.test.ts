import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/policy';
import * as events from '../content/events';
import * as posts from '../content/posts';
import { seedDatabase } from '../content/seed';
import type { Db } from '../db';
import * as discussions from '../forum/discussions';
import * as messages from '../forum/messages';
import * as topics from '../forum/topics';
import { memoryDb } from '../testing/db';
import { postInput } from '../testing/factories';
import { member } from '../testing/forum';
import { findAll, parseXmlStrict, type XmlNode } from '../testing/xml';
import * as forumFeeds from './forum-feeds';

const origin = 'https://hub.example';
let db: Db;
let claire: Actor;
let hostile: Actor;
let ngi: { kind: 'event'; id: number };
let ngiTitle: { fr: string; en: string };

beforeEach(() => {
	db = memoryDb();
	seedDatabase(db);
	claire = member(db, 'Claire');
	hostile = member(db, '<b>Mallory</b> & \u202eco');
	const event = events.findBySlug(db, 'ngi-forum-2025')!;
	ngi = { kind: 'event', id: event.id };
	ngiTitle = { fr: event.texts.fr!.title, en: event.texts.en!.title };
});

const entries = (body: string) => findAll(parseXmlStrict(body), 'entry');
const text = (node: XmlNode, tag: string) => findAll(node, tag)[0]?.text;
const alternate = (node: XmlNode) =>
	findAll(node, 'link').find((l) => l.attrib.rel === 'alternate')?.attrib.href;

describe("a discussion's Atom feed", () => {
	it('lists its messages newest first, each in its language, titled in the feed’s', () => {
		const fr = messages.post(db, claire, ngi, { body: 'Très *bien* !', locale: 'fr' }, 1000);
		const en = messages.post(
			db,
			hostile,
			ngi,
			{ body: 'Agreed ]]> <script>alert(1)</script>', locale: 'en', replyTo: fr.id, quote: 'bien' },
			2000
		);
		const other = messages.post(db, claire, ngi, { body: 'Dankjewel', locale: null }, 3000);
		const feed = forumFeeds.buildDiscussionAtom(db, ngi, 'en', origin)!;
		const root = parseXmlStrict(feed.body);
		expect(root.attrib.lang).toBe('en');
		expect(text(root, 'title')).toBe(`Discussion: ${ngiTitle.en}`);
		const list = entries(feed.body);
		expect(list.map(alternate)).toEqual(
			[other, en, fr].map((msg) => `${origin}/en/messages/${msg.id}`)
		);
		expect(list.map((e) => e.attrib.lang)).toEqual(['', 'en', 'fr']);
		expect(list.map((e) => findAll(e, 'title')[0]!.attrib.lang)).toEqual(['en', 'en', 'en']);
		expect(text(list[2]!, 'title')).toBe(`Claire in “${ngiTitle.en}”`);
		// The hostile name is text, never markup; the bidi override is kept as a character.
		expect(text(list[1]!, 'name')).toBe('<b>Mallory</b> & \u202eco');
		const content = text(list[1]!, 'content')!;
		expect(content).toContain('&lt;script&gt;');
		expect(content).not.toContain('<script>');
		expect(content).toContain('<blockquote><p>bien</p></blockquote>');
		expect(text(list[2]!, 'content')).toContain('<em>bien</em>');
		expect(text(list[1]!, 'published')).toBe(new Date(2000).toISOString());
		expect(feed.lastModified).toBe(3000);
		// French readers get the same entries, titled in French.
		const french = entries(forumFeeds.buildDiscussionAtom(db, ngi, 'fr', origin)!.body);
		expect(text(french[2]!, 'title')).toBe(`Claire dans «\u00a0${ngiTitle.fr}\u00a0»`);
	});

	it('shows an edit as updated, and leaves out deleted and held messages', () => {
		const kept = messages.post(db, claire, ngi, { body: 'Premier', locale: 'fr' }, 1000);
		const gone = messages.post(db, claire, ngi, { body: 'Second', locale: 'fr' }, 2000);
		messages.edit(db, claire, kept.id, { body: 'Premier, revu', locale: 'fr' }, 5000);
		messages.remove(db, claire, gone.id, 6000);
		const discussionId = discussions.forSubject(db, ngi).id!;
		db.$client.transaction(() =>
			messages.insert(
				db,
				discussionId,
				hostile.id!,
				{ body: 'en attente', locale: 'fr', replyTo: null, quote: null },
				7000,
				'held'
			)
		)();
		const list = entries(forumFeeds.buildDiscussionAtom(db, ngi, 'fr', origin)!.body);
		expect(list.map(alternate)).toEqual([`${origin}/fr/messages/${kept.id}`]);
		expect(text(list[0]!, 'updated')).toBe(new Date(5000).toISOString());
		expect(text(list[0]!, 'content')).toContain('Premier, revu');
	});

	it('is a valid empty feed for a subject nobody wrote about, and none for what readers cannot see', () => {
		const feed = forumFeeds.buildDiscussionAtom(db, ngi, 'fr', origin)!;
		expect(entries(feed.body)).toEqual([]);
		expect(text(parseXmlStrict(feed.body), 'updated')).toMatch(/^\d{4}-/);
		events.setArchived(db, ngi.id, true);
		expect(forumFeeds.buildDiscussionAtom(db, ngi, 'fr', origin)).toBeNull();
		expect(forumFeeds.subjectBySlug(db, 'event', 'ngi-forum-2025')).toBeNull();
		const draft = posts.create(db, postInput({ status: 'draft' }));
		expect(draft.status).toBe('draft');
		expect(forumFeeds.subjectBySlug(db, 'post', draft.slug)).toBeNull();
		expect(forumFeeds.subjectBySlug(db, 'topic', 'nope')).toBeNull();
	});

	it("of a topic: its title, its address, the topic's messages", () => {
		const { topic, messageId } = topics.start(db, claire, {
			title: 'Covoiturage pour Bruxelles ?',
			body: 'Qui part de Lille ?',
			locale: 'fr'
		});
		const subject = forumFeeds.subjectBySlug(db, 'topic', topic.slug!)!;
		expect(subject).toEqual({ kind: 'topic', id: topic.id });
		const feed = forumFeeds.buildDiscussionAtom(db, subject, 'en', origin)!;
		const root = parseXmlStrict(feed.body);
		expect(text(root, 'title')).toBe('Discussion: Covoiturage pour Bruxelles ?');
		const self = findAll(root, 'link').find((l) => l.attrib.rel === 'self')!.attrib.href;
		expect(self).toBe(`${origin}/en/forum/${topic.slug}.atom`);
		expect(entries(feed.body).map(alternate)).toEqual([`${origin}/en/messages/${messageId}`]);
	});
});

describe('the forum feed', () => {
	it('has the newest messages of every discussion readers may see, and no more', () => {
		const onEvent = messages.post(db, claire, ngi, { body: 'Sur l’événement', locale: 'fr' });
		const { messageId } = topics.start(db, hostile, {
			title: 'Hello </title>',
			body: 'First!',
			locale: 'en'
		});
		const feed = forumFeeds.buildForumAtom(db, 'fr', origin);
		const list = entries(feed.body);
		expect(list.map(alternate)).toEqual([
			`${origin}/fr/messages/${messageId}`,
			`${origin}/fr/messages/${onEvent.id}`
		]);
		expect(text(list[0]!, 'title')).toBe(
			'<b>Mallory</b> & \u202eco dans «\u00a0Hello </title>\u00a0»'
		);
		events.setArchived(db, ngi.id, true);
		expect(entries(forumFeeds.buildForumAtom(db, 'fr', origin).body).map(alternate)).toEqual([
			`${origin}/fr/messages/${messageId}`
		]);
	});

	it('names a removed account as a former member', () => {
		messages.post(db, claire, ngi, { body: 'Bonjour', locale: 'fr' });
		db.$client.prepare('delete from accounts where id = ?').run(claire.id);
		const list = entries(forumFeeds.buildForumAtom(db, 'en', origin).body);
		expect(text(list[0]!, 'name')).toBe('Former member');
	});

	it('gives each discussion feed its address', () => {
		expect(forumFeeds.discussionFeedPath('event', 'ngi-forum-2025')).toBe(
			'/events/ngi-forum-2025/discussion.atom'
		);
		expect(forumFeeds.discussionFeedPath('post', 'a b')).toBe('/posts/a%20b/discussion.atom');
		expect(forumFeeds.discussionFeedPath('topic', 'covoiturage')).toBe('/forum/covoiturage.atom');
	});
});
