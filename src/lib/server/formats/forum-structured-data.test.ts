import { describe, expect, it } from 'vitest';
import * as events from '../content/events';
import { seedDatabase } from '../content/seed';
import * as discussions from '../forum/discussions';
import * as messages from '../forum/messages';
import * as topics from '../forum/topics';
import { renderMarkdown } from './markdown';
import { memoryDb } from '../testing/db';
import { member } from '../testing/forum';
import {
	commentOfMessage,
	discussionJsonLd,
	eventJsonLd,
	htmlToText,
	jsonForScript,
	topicJsonLd,
	topicJsonLdOfPage,
	withDiscussion
} from './structured-data';

const origin = 'https://hub.example';
const HOSTILE_NAME = '</script><script>alert("name")</script>\u202e';

function setUp() {
	const db = memoryDb();
	seedDatabase(db);
	const hostile = member(db, HOSTILE_NAME);
	const claire = member(db, 'Claire');
	return { db, hostile, claire };
}

/** A message as the thread's pages show it (views/forum.ts MessageView), the fields used here. */
function viewOf(message: messages.Message) {
	const shown = message.state === 'published';
	return {
		id: message.id,
		state: message.state,
		author: shown ? message.authorName : null,
		lang: shown ? (message.locale ?? '') : '',
		datetime: new Date(message.createdAt).toISOString(),
		html: shown ? renderMarkdown(message.body) : '',
		replyTo: shown ? message.replyTo : null
	} as const;
}

function topicWithAnswers() {
	const { db, hostile, claire } = setUp();
	const { topic, messageId } = topics.start(
		db,
		hostile,
		{ title: 'Titre </script><!--', body: 'Ouverture **en gras** </script> & co', locale: 'fr' },
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
	return { topic, messageId, answer, discussion, page };
}

describe('JSON-LD of the forum', () => {
	it('describes a topic as a DiscussionForumPosting with its messages as comments', () => {
		const { topic, messageId, answer, discussion, page } = topicWithAnswers();
		const json = jsonForScript(
			topicJsonLd(
				{ slug: topic.slug!, title: topic.title!, locale: topic.locale },
				discussion.messageCount,
				commentOfMessage(page[0]!),
				page.map(commentOfMessage),
				'en',
				origin
			)
		);
		expect(json).not.toMatch(/<\/script|<!--/i);
		const ld = JSON.parse(json);
		expect(ld).toMatchObject({
			'@context': 'https://schema.org',
			'@type': 'DiscussionForumPosting',
			headline: 'Titre </script><!--',
			inLanguage: 'fr',
			url: `${origin}/en/forum/${topic.slug}`,
			author: { '@type': 'Person', name: HOSTILE_NAME },
			datePublished: new Date(1000).toISOString(),
			text: 'Ouverture en gras </script> & co',
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

	it('says the same from what a topic page shows, without reading the messages again', () => {
		const { topic, discussion, page } = topicWithAnswers();
		const fromPage = topicJsonLdOfPage(
			{ slug: topic.slug!, title: topic.title!, lang: topic.locale ?? '' },
			{ count: discussion.messageCount, page: 1, lang: null, messages: page.map(viewOf) },
			'en',
			origin
		);
		expect(fromPage).not.toMatch(/<\/script|<!--/i);
		const fromDomain = topicJsonLd(
			{ slug: topic.slug!, title: topic.title!, locale: topic.locale },
			discussion.messageCount,
			commentOfMessage(page[0]!),
			page.map(commentOfMessage),
			'en',
			origin
		);
		expect(JSON.parse(fromPage)).toEqual(JSON.parse(jsonForScript(fromDomain)));
		// On a later page, or filtered, the opening message is not at hand: no text, all comments.
		const later = JSON.parse(
			topicJsonLdOfPage(
				{ slug: topic.slug!, title: topic.title!, lang: 'fr' },
				{ count: 2, page: 2, lang: null, messages: page.slice(1).map(viewOf) },
				'fr',
				origin
			)
		);
		expect(later.text).toBeUndefined();
		expect(later.interactionStatistic.userInteractionCount).toBe(2);
		expect(later.comment).toHaveLength(1);
	});

	it('gives an event its comments and their count where it has messages, and nothing otherwise', () => {
		const { db, claire } = setUp();
		const ngi = events.findBySlug(db, 'ngi-forum-2025')!;
		const subject = { kind: 'event', id: ngi.id } as const;
		const eventLd = jsonForScript(eventJsonLd(ngi, 'fr', origin));
		expect(discussionJsonLd(0, [], 'fr', origin)).toEqual({});
		expect(withDiscussion(eventLd, { count: 0, messages: [] }, 'fr', origin)).toBe(eventLd);
		messages.post(db, claire, subject, { body: 'Bravo <b>!</b> </script>', locale: null });
		const discussion = discussions.forSubject(db, subject);
		const page = messages.listPage(db, discussion.id, { page: 1 }).messages;
		const json = withDiscussion(
			eventLd,
			{ count: discussion.messageCount, messages: page.map(viewOf) },
			'fr',
			origin
		);
		expect(json).not.toMatch(/<\/script/i);
		const ld = JSON.parse(json);
		expect(ld['@type']).toBe('Event');
		expect(ld.name).toBe(JSON.parse(eventLd).name);
		expect(ld.commentCount).toBe(1);
		expect(ld.comment).toHaveLength(1);
		expect(ld.comment[0]).toMatchObject({
			'@type': 'Comment',
			author: { name: 'Claire' },
			// Typed HTML is text (the sanitiser escapes it): the words as written.
			text: 'Bravo <b>!</b> </script>'
		});
		expect(ld.comment[0].inLanguage).toBeUndefined();
	});

	it('names no author once the account is gone', () => {
		const { db, claire } = setUp();
		const { topic } = topics.start(db, claire, { title: 'T', body: 'B', locale: null });
		db.$client.prepare('delete from accounts where id = ?').run(claire.id);
		const discussion = discussions.forSubject(db, { kind: 'topic', id: topic.id! });
		const page = messages.listPage(db, discussion.id, { page: 1 }).messages;
		const ld = JSON.parse(
			topicJsonLdOfPage(
				{ slug: topic.slug!, title: topic.title!, lang: '' },
				{ count: 1, page: 1, lang: null, messages: page.map(viewOf) },
				'fr',
				origin
			)
		);
		expect(ld.author).toBeUndefined();
		expect(ld.inLanguage).toBeUndefined();
		expect(ld.comment).toEqual([]);
	});

	it('reads sanitised HTML back as text', () => {
		expect(htmlToText(renderMarkdown('a &amp; b\n\n* un\n* deux\n\n`<x>` &#x27;q&#39;'))).toBe(
			"a & b\nun\ndeux\n<x> 'q'"
		);
	});
});
