import { describe, expect, it } from 'vitest';
import * as events from '../content/events';
import * as posts from '../content/posts';
import { seedDatabase } from '../content/seed';
import * as messages from '../forum/messages';
import * as topics from '../forum/topics';
import { memoryDb } from '../testing/db';
import { member } from '../testing/forum';
import * as forumActivity from './forum-activity';
import * as views from './reader';

describe('message counts', () => {
	it('follow each language’s plural rules, and show nothing for none', () => {
		expect(forumActivity.messageCount(0, 'fr')).toBeNull();
		expect(forumActivity.messageCount(1, 'fr')).toBe('1 message');
		expect(forumActivity.messageCount(1, 'en')).toBe('1 message');
		expect(forumActivity.messageCount(12, 'fr')).toBe('12 messages');
		expect(forumActivity.messageCount(12, 'en')).toBe('12 messages');
	});

	it('are shown on the home page and the posts list, and the latest discussions on the home page', () => {
		const db = memoryDb();
		seedDatabase(db);
		const claire = member(db, 'Claire');
		const ngi = events.findBySlug(db, 'ngi-forum-2025')!;
		const recap = posts.findPublished(db, 'retour-ngi-forum-2025')!;
		if (!('post' in recap)) throw new Error('seed');
		for (let i = 0; i < 12; i++)
			messages.post(
				db,
				claire,
				{ kind: 'event', id: ngi.id },
				{ body: `n° ${i}`, locale: 'fr' },
				1000 + i
			);
		messages.post(
			db,
			claire,
			{ kind: 'post', id: recap.post.id },
			{ body: 'Merci', locale: 'fr' },
			5000
		);
		const removed = messages.post(
			db,
			claire,
			{ kind: 'post', id: recap.post.id },
			{ body: 'Oups', locale: 'fr' },
			5001
		);
		messages.remove(db, claire, removed.id);
		topics.start(db, claire, { title: 'Hello', body: 'First', locale: 'en' }, 9000);

		const home = views.withForum(db, views.homePage(db, 'en', 1), 'en');
		const cards = [...home.upcoming, ...home.past];
		expect(cards.find((c) => c.slug === 'ngi-forum-2025')!.messages).toBe('12 messages');
		expect(cards.filter((c) => c.slug !== 'ngi-forum-2025').every((c) => c.messages === null)).toBe(
			true
		);
		expect(home.forum.map((f) => [f.path, f.messages, f.lastAuthor])).toEqual([
			['/forum/hello', '1 message', 'Claire'],
			['/posts/retour-ngi-forum-2025', '1 message', 'Claire'],
			['/events/ngi-forum-2025', '12 messages', 'Claire']
		]);
		expect(home.forum[0]).toMatchObject({ title: 'Hello', lang: 'en' });
		expect(home.forum[2]).toMatchObject({ title: ngi.texts.en!.title, lang: 'en' });
		expect(home.forum[2]!.lastAt).toEqual({
			iso: new Date(1011).toISOString(),
			date: '1 January 1970'
		});

		const list = views.postsPage(db, 'fr', 1).posts;
		expect(list.find((p) => p.slug === 'retour-ngi-forum-2025')!.messages).toBe('1 message');
		expect(list.filter((p) => p.messages !== null)).toHaveLength(1);
	});

	it('names five discussions at most on the home page', () => {
		const db = memoryDb();
		seedDatabase(db);
		const claire = member(db, 'Claire');
		for (let i = 0; i < 7; i++)
			topics.start(db, claire, { title: `Sujet ${i}`, body: 'Corps', locale: 'fr' }, 1000 + i);
		const latest = forumActivity.latestDiscussions(db, 'fr');
		expect(latest.map((l) => l.title)).toEqual([
			'Sujet 6',
			'Sujet 5',
			'Sujet 4',
			'Sujet 3',
			'Sujet 2'
		]);
	});
});
