import { describe, expect, it } from 'vitest';
import * as events from '../content/events';
import { seedDatabase } from '../content/seed';
import * as discussions from '../forum/discussions';
import * as messages from '../forum/messages';
import * as topics from '../forum/topics';
import { memoryDb } from '../testing/db';
import { member } from '../testing/forum';
import { discussionJsonLd, eventJsonLd, jsonForScript, topicJsonLd } from './structured-data';

const origin = 'https://hub.example';

function setUp() {
	const db = memoryDb();
	seedDatabase(db);
	const hostile = member(db, '</script><script>alert("name")</script>\u202e');
	const claire = member(db, 'Claire');
	return { db, hostile, claire };
}

describe('JSON-LD of the forum', () => {
	it('describes a topic as a DiscussionForumPosting with its messages as comments', () => {
		const { db, hostile, claire } = setUp();
		const { topic, messageId } = topics.start(
			db,
			hostile,
			{ title: 'Titre </script><!--', body: 'Ouverture **en gras** </script>', locale: 'fr' },
			1000
		);
		const subject = { kind: 'topic', id: topic.id! } as const;
		const answer = messages.post(
			db,
			claire,
			subject,
			{ body: 'Reply', locale: 'en', replyTo: messageId },
			2000
		);
		const gone = messages.post(db, claire, subject, { body: 'Oops', locale: 'en' }, 3000);
		messages.remove(db, claire, gone.id);
		const discussion = discussions.forSubject(db, subject);
		const page = messages.listPage(db, discussion.id, { page: 1 }).messages;
		const json = jsonForScript(topicJsonLd(discussion, page[0]!, page, 'en', origin));
		expect(json).not.toMatch(/<\/script|<!--/i);
		const ld = JSON.parse(json);
		expect(ld).toMatchObject({
			'@context': 'https://schema.org',
			'@type': 'DiscussionForumPosting',
			headline: 'Titre </script><!--',
			inLanguage: 'fr',
			url: `${origin}/en/forum/${topic.slug}`,
			author: { '@type': 'Person', name: '</script><script>alert("name")</script>\u202e' },
			datePublished: new Date(1000).toISOString(),
			text: 'Ouverture en gras </script>',
			interactionStatistic: {
				'@type': 'InteractionCounter',
				interactionType: 'https://schema.org/CommentAction',
				userInteractionCount: 1
			}
		});
		expect(ld.comment).toEqual([
			{
				'@type': 'Comment',
				url: `${origin}/en/messages/${answer.id}`,
				author: { '@type': 'Person', name: 'Claire' },
				datePublished: new Date(2000).toISOString(),
				inLanguage: 'en',
				text: 'Reply',
				parentItem: { '@type': 'Comment', url: `${origin}/en/messages/${messageId}` }
			}
		]);
	});

	it('gives an event its comments and their count where it has messages, and nothing otherwise', () => {
		const { db, claire } = setUp();
		const ngi = events.findBySlug(db, 'ngi-forum-2025')!;
		const subject = { kind: 'event', id: ngi.id } as const;
		expect(discussionJsonLd(discussions.forSubject(db, subject), [], 'fr', origin)).toEqual({});
		messages.post(db, claire, subject, { body: 'Bravo <b>!</b>', locale: null });
		const discussion = discussions.forSubject(db, subject);
		const page = messages.listPage(db, discussion.id, { page: 1 }).messages;
		const ld = JSON.parse(
			jsonForScript({
				...eventJsonLd(ngi, 'fr', origin),
				...discussionJsonLd(discussion, page, 'fr', origin)
			})
		);
		expect(ld['@type']).toBe('Event');
		expect(ld.commentCount).toBe(1);
		expect(ld.comment).toHaveLength(1);
		expect(ld.comment[0]).toMatchObject({ '@type': 'Comment', author: { name: 'Claire' } });
		expect(ld.comment[0].inLanguage).toBeUndefined();
	});

	it('names no author once the account is gone', () => {
		const { db, claire } = setUp();
		const { topic } = topics.start(db, claire, { title: 'T', body: 'B', locale: null });
		db.$client.prepare('delete from accounts where id = ?').run(claire.id);
		const discussion = discussions.forSubject(db, { kind: 'topic', id: topic.id! });
		const page = messages.listPage(db, discussion.id, { page: 1 }).messages;
		const ld = JSON.parse(jsonForScript(topicJsonLd(discussion, page[0]!, page, 'fr', origin)));
		expect(ld.author).toBeUndefined();
		expect(ld.inLanguage).toBeUndefined();
		expect(ld.comment).toEqual([]);
	});
});
