import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/policy';
import * as events from '../content/events';
import type { Db } from '../db';
import * as forumFeeds from '../formats/forum-feeds';
import * as structuredData from '../formats/structured-data';
import * as activity from '../forum/activity';
import * as discussions from '../forum/discussions';
import * as messages from '../forum/messages';
import * as search from '../forum/search';
import * as topics from '../forum/topics';
import * as actions from '../moderation/actions';
import { memoryDb } from '../testing/db';
import { eventInput } from '../testing/factories';
import { member } from '../testing/forum';
import * as forum from './forum';

/*
 * A held message is seen by its author and the moderators only; a hidden one shows everyone
 * its reason, never its words (but to moderators). Every place readers look is asked.
 */

let db: Db;
let nina: Actor;
let rita: Actor;
let olga: Actor;
let subject: discussions.Subject;
const ORIGIN = 'https://hub.example';

beforeEach(() => {
	db = memoryDb();
	nina = member(db, 'Nina', 'member', { fresh: true });
	rita = member(db, 'Rita');
	olga = member(db, 'Olga', 'organiser');
	subject = { kind: 'event', id: events.create(db, eventInput()).id };
});

const view = (viewer: Actor | null) =>
	forum.discussionView(db, subject, '/events/x', {
		page: 1,
		lang: null,
		viewer,
		locale: 'fr',
		defaultLocale: 'fr'
	});

async function found(words: string) {
	const outcome = await search.searchMessages(db, words, 'fr');
	return outcome.status === 'ok' ? outcome.hits.map((h) => h.id) : [];
}

describe('a held message', () => {
	it('is shown to its author and moderators, in no page, feed, search, count or JSON-LD of others', async () => {
		messages.post(db, rita, subject, { body: 'Bienvenue à tous', locale: 'fr' }, 1000);
		const held = messages.post(db, nina, subject, { body: 'Cliquez zanzibar', locale: 'fr' }, 2000);
		for (const viewer of [null, rita]) {
			expect(view(viewer).messages.map((m) => m.id)).not.toContain(held.id);
			expect(JSON.stringify(view(viewer))).not.toContain('zanzibar');
		}
		expect(view(nina).messages.map((m) => [m.id, m.state, m.moderated])).toContainEqual([
			held.id,
			'held',
			false
		]);
		expect(view(olga).messages.map((m) => [m.id, m.state, m.moderated])).toContainEqual([
			held.id,
			'held',
			true
		]);
		expect(await found('zanzibar')).toEqual([]);
		expect(activity.latestMessages(db, 10).map((l) => l.message.id)).not.toContain(held.id);
		expect(forumFeeds.buildForumAtom(db, 'fr', ORIGIN).body).not.toContain('zanzibar');
		expect(activity.countsFor(db, 'event', [subject.id]).get(subject.id)!.messages).toBe(1);
		const jsonLd = structuredData.withDiscussion('{}', view(olga), 'fr', ORIGIN);
		expect(JSON.parse(jsonLd).commentCount).toBe(1);
		expect(jsonLd).not.toContain('zanzibar');
		expect(forum.messageLocation(db, held.id, rita)).toBeNull();
		expect(forum.messageLocation(db, held.id, null)).toBeNull();

		actions.approve(db, olga, held.id, 1, 3000);
		expect(view(null).messages.map((m) => m.id)).toContain(held.id);
		expect(await found('zanzibar')).toEqual([held.id]);
		expect(forumFeeds.buildForumAtom(db, 'fr', ORIGIN).body).toContain('zanzibar');
		expect(activity.countsFor(db, 'event', [subject.id]).get(subject.id)!.messages).toBe(2);
		expect(forum.messageLocation(db, held.id, null)).not.toBeNull();
	});

	it('as a topic’s only message keeps the topic from everyone else until approved', () => {
		const { topic, messageId } = topics.start(
			db,
			nina,
			{ title: 'Sujet en attente', body: 'Premier', locale: 'fr' },
			1000
		);
		const slug = topic.slug!;
		expect(forum.topicHeading(db, slug, null)).toBeNull();
		expect(forum.topicHeading(db, slug, rita)).toBeNull();
		expect(forum.subjectBySlug(db, 'topic', slug, rita)).toBeNull();
		expect(forum.topicHeading(db, slug, nina)).not.toBeNull();
		expect(forum.topicHeading(db, slug, olga)).not.toBeNull();
		expect(forumFeeds.subjectBySlug(db, 'topic', slug)).toBeNull();
		expect(topics.count(db)).toBe(0);
		expect(topics.listLinks(db, { limit: 10, offset: 0 })).toEqual([]);
		expect(activity.listActive(db).items).toEqual([]);

		actions.approve(db, olga, messageId, 1, 2000);
		expect(forum.topicHeading(db, slug, null)).not.toBeNull();
		expect(forumFeeds.subjectBySlug(db, 'topic', slug)).not.toBeNull();
		expect(topics.count(db)).toBe(1);
		expect(activity.listActive(db).items.map((i) => i.path)).toEqual([`/forum/${slug}`]);
	});
});

describe('a hidden message', () => {
	it('shows its reason in place of its words everywhere, its words to moderators only', async () => {
		const said = messages.post(db, rita, subject, { body: 'Vendez zanzibar', locale: 'fr' }, 1000);
		actions.hide(db, olga, said.id, 'Publicité', 2000);
		for (const viewer of [null, nina, rita]) {
			const shown = view(viewer).messages.find((m) => m.id === said.id)!;
			expect(shown).toMatchObject({ state: 'hidden', html: '', reason: 'Publicité', author: null });
			expect(JSON.stringify(view(viewer))).not.toContain('zanzibar');
		}
		expect(view(olga).messages[0]!.html).toContain('zanzibar');
		expect(await found('zanzibar')).toEqual([]);
		expect(forumFeeds.buildForumAtom(db, 'fr', ORIGIN).body).not.toContain('zanzibar');
		expect(structuredData.withDiscussion('{}', view(olga), 'fr', ORIGIN)).not.toContain('zanzibar');

		actions.restore(db, olga, said.id, null, 3000);
		expect(view(null).messages[0]).toMatchObject({ state: 'published', reason: null });
		expect(await found('zanzibar')).toEqual([said.id]);
	});

	it('is not repeated by the quote of an answer, in pages or feeds', () => {
		const said = messages.post(
			db,
			rita,
			subject,
			{ body: 'Des mots zanzibar', locale: 'fr' },
			1000
		);
		const olgaSays = messages.post(
			db,
			olga,
			subject,
			{ body: 'Non.', locale: 'fr', replyTo: said.id, quote: 'zanzibar' },
			2000
		);
		actions.hide(db, olga, said.id, 'Insulte', 3000);
		const answer = view(null).messages.find((m) => m.id === olgaSays.id)!;
		expect(answer.quoteHtml).toBeNull();
		expect(JSON.stringify(view(rita))).not.toContain('zanzibar');
		expect(view(olga).messages.find((m) => m.id === olgaSays.id)!.quoteHtml).toContain('zanzibar');
		expect(forumFeeds.buildForumAtom(db, 'fr', ORIGIN).body).not.toContain('zanzibar');
	});

	for (const by of ['a moderator, once hidden', 'its author'] as const)
		it(`is not repeated by the quote of an answer once deleted by ${by}, anywhere`, () => {
			const said = messages.post(
				db,
				rita,
				subject,
				{ body: 'Des mots zanzibar', locale: 'fr' },
				1000
			);
			const answer = messages.post(
				db,
				olga,
				subject,
				{ body: 'Non.', locale: 'fr', replyTo: said.id, quote: 'zanzibar' },
				2000
			);
			if (by === 'its author') messages.remove(db, rita, said.id, 3000);
			else {
				actions.hide(db, olga, said.id, 'Insulte', 3000);
				actions.remove(db, olga, said.id, null, 4000);
			}
			for (const viewer of [null, rita, olga]) {
				expect(view(viewer).messages.find((m) => m.id === answer.id)!.quoteHtml).toBeNull();
				expect(JSON.stringify(view(viewer))).not.toContain('zanzibar');
			}
			expect(forumFeeds.buildForumAtom(db, 'fr', ORIGIN).body).not.toContain('zanzibar');
			expect(structuredData.withDiscussion('{}', view(null), 'fr', ORIGIN)).not.toContain(
				'zanzibar'
			);
			expect(JSON.stringify(forum.historyPage(db, answer.id, 'fr'))).not.toContain('zanzibar');
		});
});
