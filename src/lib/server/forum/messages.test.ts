import { beforeEach, describe, expect, it } from 'vitest';
import { Forbidden, type Actor } from '../auth/policy';
import * as events from '../content/events';
import * as posts from '../content/posts';
import type { Db } from '../db';
import { memoryDb } from '../testing/db';
import { eventInput, postInput } from '../testing/factories';
import { onChange } from './changes';
import * as activity from './activity';
import * as discussions from './discussions';
import * as messages from './messages';
import * as topics from './topics';

let db: Db;
let alice: Actor;
let bob: Actor;
let organiser: Actor;
let eventId: number;

function account(name: string, role: Actor['role'] = 'member'): Actor {
	const { lastInsertRowid } = db.$client
		.prepare(
			`insert into accounts (email, name, role, password_hash, created_at, updated_at, trusted_at)
			 values (?, ?, ?, 'x', 0, 0, 0)`
		)
		.run(`${name.toLowerCase()}@example.org`, name, role);
	return { id: Number(lastInsertRowid), role };
}

beforeEach(() => {
	db = memoryDb();
	alice = account('Alice');
	bob = account('Bob');
	organiser = account('Olga', 'organiser');
	eventId = events.create(db, eventInput()).id;
});

const onEvent = () => ({ kind: 'event', id: eventId }) as const;

describe('writing in a discussion', () => {
	it("makes the event's discussion with its first message, and counts it", () => {
		expect(discussions.forSubject(db, onEvent()).id).toBeNull();
		const message = messages.post(
			db,
			alice,
			onEvent(),
			{ body: ' Bonjour ! ', locale: 'fr' },
			1000
		);
		expect(message).toMatchObject({
			body: 'Bonjour !',
			locale: 'fr',
			authorName: 'Alice',
			version: 1
		});
		const discussion = discussions.forSubject(db, onEvent());
		expect(discussion).toMatchObject({ messageCount: 1, listedCount: 1, lastActivityAt: 1000 });
		expect(discussion.lastMessageId).toBe(message.id);
		expect(activity.countsFor(db, 'event', [eventId]).get(eventId)).toEqual({
			messages: 1,
			lastActivityAt: 1000
		});
	});

	it('refuses an empty or overlong message with every problem, and writes nothing', () => {
		expect(() => messages.post(db, alice, onEvent(), { body: ' \n ', locale: 'fr' })).toThrow(
			messages.MessageInputError
		);
		try {
			messages.post(db, alice, onEvent(), {
				body: 'x'.repeat(10_001),
				locale: 'en',
				quote: 'y'.repeat(2_001)
			});
		} catch (e) {
			expect((e as messages.MessageInputError).problems).toEqual([
				{ field: 'body', code: 'too_long', max: 10_000 },
				{ field: 'quote', code: 'too_long', max: 2_000 },
				{ field: 'quote', code: 'needs_reply' }
			]);
		}
		expect(discussions.forSubject(db, onEvent()).id).toBeNull();
	});

	it('answers a message of the same discussion, quoting its own words only', () => {
		const first = messages.post(db, alice, onEvent(), {
			body: 'Qui vient\nen train de Paris ?',
			locale: 'fr'
		});
		const answer = messages.post(db, bob, onEvent(), {
			body: 'Me, from Lille.',
			locale: 'en',
			replyTo: first.id,
			quote: 'vient en train'
		});
		expect(answer.replyTo).toEqual({
			id: first.id,
			authorName: 'Alice',
			locale: 'fr',
			state: 'published'
		});
		expect(answer.quote).toBe('vient en train');
		expect(() =>
			messages.post(db, bob, onEvent(), {
				body: 'Faux',
				locale: 'fr',
				replyTo: first.id,
				quote: 'Alice never said this'
			})
		).toThrow(/quote not_in_message/);
		const other = events.create(db, eventInput({ slug: 'autre' })).id;
		expect(() =>
			messages.post(
				db,
				bob,
				{ kind: 'event', id: other },
				{
					body: 'Elsewhere',
					locale: 'en',
					replyTo: first.id
				}
			)
		).toThrow(/replyTo invalid/);
	});

	it('keeps drafts, archived events and unpublished posts out of reach', () => {
		const draft = events.create(db, eventInput({ slug: 'brouillon' }), { draft: true }).id;
		expect(() =>
			messages.post(db, alice, { kind: 'event', id: draft }, { body: 'Hi', locale: 'en' })
		).toThrow(messages.DiscussionUnavailableError);
		const post = posts.create(db, postInput({ status: 'draft' })).id;
		expect(() =>
			messages.post(db, alice, { kind: 'post', id: post }, { body: 'Hi', locale: 'en' })
		).toThrow(messages.DiscussionUnavailableError);
		const published = posts.create(db, postInput({ slug: 'publie' }), { publish: true }).id;
		expect(
			messages.post(db, alice, { kind: 'post', id: published }, { body: 'Hi', locale: 'en' }).id
		).toBeGreaterThan(0);
	});

	it('refuses the hub itself (no author) and anyone in a closed discussion', () => {
		expect(() =>
			messages.post(db, { id: null, role: 'admin' }, onEvent(), { body: 'Hi', locale: 'en' })
		).toThrow(Forbidden);
		expect(() => discussions.setClosed(db, alice, onEvent(), true)).toThrow(Forbidden);
		discussions.setClosed(db, organiser, onEvent(), true);
		expect(() => messages.post(db, organiser, onEvent(), { body: 'Hi', locale: 'en' })).toThrow(
			/closed/
		);
		discussions.setClosed(db, organiser, onEvent(), false);
		expect(messages.post(db, alice, onEvent(), { body: 'Hi', locale: 'en' }).id).toBeGreaterThan(0);
	});

	it("never moves the content's data version (the whole site's cache key), only the forum's", () => {
		const version = (key: string) =>
			Number(
				(db.$client.prepare('select value from meta where key = ?').get(key) as { value: string })
					.value
			);
		const before = { data: version('data_version'), forum: version('forum_version') };
		const message = messages.post(db, alice, onEvent(), { body: 'Hi', locale: 'en' });
		messages.edit(db, alice, message.id, { body: 'Hello', locale: 'en' });
		discussions.setClosed(db, organiser, onEvent(), true);
		expect(version('data_version')).toBe(before.data);
		expect(version('forum_version')).toBeGreaterThanOrEqual(before.forum + 3);
	});

	it('tells which answers changed: the discussion and the lists, nothing else', () => {
		const seen: string[][] = [];
		const stop = onChange((tags) => seen.push([...tags]));
		messages.post(db, alice, onEvent(), { body: 'Hi', locale: 'en' });
		stop();
		expect(seen).toEqual([[`discussion:event:${eventId}`, 'forum']]);
	});
});

describe('editing and deleting', () => {
	it('keeps every version, marks the message edited, and lets only its author', () => {
		const message = messages.post(db, alice, onEvent(), { body: 'Premier jet', locale: 'fr' }, 1);
		expect(() => messages.edit(db, bob, message.id, { body: 'Vandal', locale: 'fr' })).toThrow(
			Forbidden
		);
		const edited = messages.edit(db, alice, message.id, { body: 'Second jet', locale: 'en' }, 2);
		expect(edited).toMatchObject({ body: 'Second jet', locale: 'en', version: 2, editedAt: 2 });
		expect(() =>
			messages.edit(db, organiser, message.id, { body: 'Moderated', locale: 'fr' })
		).toThrow(Forbidden);
		messages.edit(db, alice, message.id, { body: 'Corrigé', locale: 'fr' }, 3);
		// Saving the same text again is no new version.
		messages.edit(db, alice, message.id, { body: 'Corrigé ', locale: 'fr' }, 4);
		expect(messages.versions(db, message.id).map((v) => [v.version, v.body, v.locale])).toEqual([
			[1, 'Premier jet', 'fr'],
			[2, 'Second jet', 'en'],
			[3, 'Corrigé', 'fr']
		]);
	});

	it('deletes into a tombstone: its place and answers stay, its words and history go', () => {
		const first = messages.post(db, alice, onEvent(), { body: 'Secret words', locale: 'en' });
		const answer = messages.post(db, bob, onEvent(), {
			body: 'Reply',
			locale: 'en',
			replyTo: first.id
		});
		messages.remove(db, alice, first.id);
		const gone = messages.findById(db, first.id)!;
		expect(gone).toMatchObject({ state: 'deleted', body: '' });
		expect(messages.versions(db, first.id)).toEqual([]);
		const page = messages.listPage(db, gone.discussionId, { page: 1 });
		expect(page.messages.map((m) => m.id)).toEqual([first.id, answer.id]);
		expect(discussions.forSubject(db, onEvent())).toMatchObject({
			messageCount: 1,
			listedCount: 2
		});
		expect(() => messages.edit(db, alice, first.id, { body: 'Back', locale: 'en' })).toThrow();
		const found = db.$client
			.prepare("select rowid from message_index where message_index match 'secret'")
			.all();
		expect(found).toEqual([]);
	});
});

describe('what can no longer be changed', () => {
	it('keeps a closed discussion as it was: its authors neither edit nor delete, moderators delete', () => {
		const message = messages.post(db, alice, onEvent(), { body: 'Avant', locale: 'fr' });
		discussions.setClosed(db, organiser, onEvent(), true);
		expect(() => messages.edit(db, alice, message.id, { body: 'Après', locale: 'fr' })).toThrow(
			/closed/
		);
		expect(() => messages.remove(db, alice, message.id)).toThrow(/closed/);
		expect(messages.findById(db, message.id)!.body).toBe('Avant');
		messages.remove(db, organiser, message.id);
		expect(messages.findById(db, message.id)!.state).toBe('deleted');
	});

	it("leaves a hidden message to the moderators, and a hidden subject's messages alone", () => {
		const hidden = messages.post(db, alice, onEvent(), { body: 'Caché', locale: 'fr' });
		db.$client.prepare("update messages set state = 'hidden' where id = ?").run(hidden.id);
		expect(() => messages.edit(db, alice, hidden.id, { body: 'Réécrit', locale: 'fr' })).toThrow();
		expect(() => messages.remove(db, alice, hidden.id)).toThrow();
		expect(messages.versions(db, hidden.id)).toHaveLength(1);
		const other = messages.post(db, bob, onEvent(), { body: 'Visible', locale: 'fr' });
		events.setArchived(db, eventId, true);
		expect(() => messages.edit(db, bob, other.id, { body: 'Changé', locale: 'fr' })).toThrow(
			messages.DiscussionUnavailableError
		);
		expect(() => messages.remove(db, bob, other.id)).toThrow(messages.DiscussionUnavailableError);
	});

	it('takes a second delete as done, and forgets the language of what it deleted', () => {
		const message = messages.post(db, alice, onEvent(), { body: 'Bye', locale: 'en' });
		messages.remove(db, alice, message.id);
		messages.remove(db, alice, message.id);
		expect(messages.findById(db, message.id)).toMatchObject({ state: 'deleted', locale: null });
		expect(() => messages.remove(db, bob, message.id)).toThrow(Forbidden);
	});

	it('refuses messages that show nothing, and strips direction overrides', () => {
		for (const body of ['\u200b\u200b\u2060\ufeff', '\u202e\u202d\u2066', '\u2800\u3164'])
			expect(() => messages.post(db, alice, onEvent(), { body, locale: 'fr' })).toThrow(
				/body required/
			);
		const message = messages.post(db, alice, onEvent(), {
			body: '\u202eevil\u202c text',
			locale: 'en'
		});
		expect(message.body).toBe('evil text');
	});

	it('accepts a quote as the reader sees it, without the Markdown marks', () => {
		const first = messages.post(db, alice, onEvent(), {
			body: 'Le projet **Eurostack** avance.',
			locale: 'fr'
		});
		const answer = messages.post(db, bob, onEvent(), {
			body: 'Indeed.',
			locale: 'en',
			replyTo: first.id,
			quote: 'projet Eurostack avance'
		});
		expect(answer.quote).toBe('projet Eurostack avance');
	});
});

describe('pages, filters and permalinks', () => {
	it('cuts pages of 50, finds the page of any message, and filters by language', () => {
		const ids: number[] = [];
		for (let i = 0; i < 120; i++) {
			const locale = i % 3 === 0 ? 'fr' : i % 3 === 1 ? 'en' : null;
			ids.push(messages.post(db, alice, onEvent(), { body: `Message ${i}`, locale }, i).id);
		}
		const discussionId = discussions.forSubject(db, onEvent()).id;
		const third = messages.listPage(db, discussionId, { page: 3 });
		expect(third).toMatchObject({ page: 3, pages: 3, total: 120 });
		expect(third.messages.map((m) => m.body)).toEqual(
			Array.from({ length: 20 }, (_, i) => `Message ${100 + i}`)
		);
		expect(messages.pageOf(db, messages.findById(db, ids[49]!)!)).toBe(1);
		expect(messages.pageOf(db, messages.findById(db, ids[50]!)!)).toBe(2);
		expect(messages.locate(db, ids[119]!)).toEqual({ path: '/events/apero-des-communs', page: 3 });
		const french = messages.listPage(db, discussionId, { page: 1, lang: 'fr' });
		expect(french.total).toBe(80);
		expect(french.messages.every((m) => m.locale !== 'en')).toBe(true);
		// A page past the end is the last one.
		expect(messages.listPage(db, discussionId, { page: 99 }).page).toBe(3);
	});
});

describe('topics and the forum lists', () => {
	it('opens a topic with a unique slug, lists it by activity, and pins it', () => {
		const one = topics.start(db, alice, { title: 'Nouveau !', body: 'Un', locale: 'fr' }, 10);
		const two = topics.start(db, bob, { title: 'Nouveau', body: 'Deux', locale: 'fr' }, 20);
		expect(one.topic.slug).toBe('nouveau');
		expect(two.topic.slug).toBe('nouveau-2');
		expect(topics.start(db, bob, { title: 'New', body: 'x', locale: 'en' }).topic.slug).toBe(
			'new-2'
		);
		messages.post(db, bob, onEvent(), { body: 'Later', locale: 'en' }, 30);
		const active = activity.listActive(db);
		expect(active.items.map((i) => i.path).slice(0, 3)).toEqual([
			'/forum/new-2',
			'/events/apero-des-communs',
			'/forum/nouveau-2'
		]);
		expect(active.items[1]!.titles).toEqual({ fr: 'Apéro des communs', en: 'Commons drinks' });
		discussions.setPinned(db, organiser, one.topic.id!, true);
		expect(activity.listPinned(db).map((i) => i.path)).toEqual(['/forum/nouveau']);
		// Listed once: with the pinned topics, not again among the latest.
		expect(activity.listActive(db).items.map((i) => i.path)).not.toContain('/forum/nouveau');
		expect(() => topics.start(db, alice, { title: ' ', body: '', locale: 'fr' })).toThrow(
			/title required, body required/
		);
	});

	it('refuses a title that shows nothing, and keeps no invisible characters in one', () => {
		for (const title of ['\u200b\u2060\u200b', '\u2800', '\u202e'])
			expect(() => topics.start(db, alice, { title, body: 'x', locale: 'fr' })).toThrow(
				/title required/
			);
		const made = topics.start(db, alice, {
			title: 'Same\u200btitle\u202e',
			body: 'x',
			locale: 'en'
		});
		expect(made.topic.title).toBe('Sametitle');
	});

	it('feeds only what readers may see, newest first', () => {
		messages.post(db, alice, onEvent(), { body: 'One', locale: 'en' }, 1);
		const t = topics.start(db, bob, { title: 'Sujet', body: 'Two', locale: 'fr' }, 2);
		expect(activity.latestMessages(db, 10).map((l) => l.message.body)).toEqual(['Two', 'One']);
		events.setArchived(db, eventId, true);
		expect(activity.latestMessages(db, 10).map((l) => l.in.path)).toEqual([
			`/forum/${t.topic.slug}`
		]);
		expect(activity.latestMessages(db, 10, onEvent())).toEqual([]);
	});
});
