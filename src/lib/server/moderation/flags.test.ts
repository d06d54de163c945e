import { beforeEach, describe, expect, it } from 'vitest';
import { Forbidden, type Actor } from '../auth/policy';
import * as events from '../content/events';
import type { Db } from '../db';
import { onChange } from '../forum/changes';
import * as discussions from '../forum/discussions';
import * as messages from '../forum/messages';
import { memoryDb } from '../testing/db';
import { eventInput } from '../testing/factories';
import { member } from '../testing/forum';
import { FLAG_NOTE_MAX, FLAG_REASON_CHOICES } from '$lib/forms/flag';
import { FLAG_REASONS } from '../db/schema';
import * as mailing from '../mail/sending';
import * as flags from './flags';

let db: Db;
let author: Actor;
let readers: Actor[];
let eventId: number;
let messageId: number;

beforeEach(() => {
	db = memoryDb();
	author = member(db, 'Alice');
	readers = ['Bob', 'Chloé', 'Dan', 'Eve'].map((name) => member(db, name));
	eventId = events.create(db, eventInput()).id;
	messageId = messages.post(
		db,
		author,
		{ kind: 'event', id: eventId },
		{ body: 'Achetez !', locale: 'fr' },
		1000
	).id;
});

const spam = { reason: 'spam', note: '' };
const stateOf = (id: number) => messages.findById(db, id)!.state;

describe('reporting a message', () => {
	it('is counted once per member: a second report says so and changes nothing', () => {
		expect(flags.flag(db, readers[0]!, messageId, spam, 2000)).toEqual({
			outcome: 'flagged',
			hidden: false
		});
		expect(
			flags.flag(db, readers[0]!, messageId, { reason: 'abuse', note: 'encore' }, 3000)
		).toEqual({
			outcome: 'already',
			hidden: false
		});
		const [waiting] = flags.waiting(db);
		expect(waiting).toMatchObject({
			messageId,
			count: 1,
			firstAt: 2000,
			reasons: { spam: 1, abuse: 0 }
		});
		expect(waiting!.flags).toEqual([
			{ accountId: readers[0]!.id, accountName: 'Bob', reason: 'spam', note: null, createdAt: 2000 }
		]);
		expect(flags.hasFlagged(db, readers[0]!.id!, messageId)).toBe(true);
	});

	it('hides the message at the third report from different members, logged, and tells the pages', () => {
		const tags: string[][] = [];
		const stop = onChange((t) => tags.push([...t]));
		flags.flag(db, readers[0]!, messageId, spam, 2000);
		flags.flag(db, readers[1]!, messageId, { reason: 'off_topic', note: 'Hors sujet.' }, 3000);
		expect(stateOf(messageId)).toBe('published');
		expect(tags).toEqual([]);
		expect(
			flags.flag(db, readers[2]!, messageId, { reason: 'other', note: 'Arnaque' }, 4000)
		).toEqual({
			outcome: 'flagged',
			hidden: true
		});
		stop();
		const row = db.$client
			.prepare('select state, moderation_reason, moderated_at from messages where id = ?')
			.get(messageId);
		expect(row).toEqual({ state: 'hidden', moderation_reason: 'flags', moderated_at: null });
		expect(tags).toEqual([[discussions.tagOf({ kind: 'event', id: eventId }), 'forum']]);
		const logged = db.$client.prepare('select * from moderation_log').all() as Record<
			string,
			unknown
		>[];
		expect(logged).toHaveLength(1);
		expect(logged[0]).toMatchObject({
			actor_id: null,
			actor_name: null,
			action: 'flags_hidden',
			message_id: messageId,
			member_id: author.id,
			reason: 'flags',
			created_at: 4000
		});
		expect(JSON.parse(String(logged[0]!.snapshot))).toMatchObject({
			body: 'Achetez !',
			state: 'published'
		});
		// Hidden: nobody reports it further, and the queue shows the three.
		expect(() => flags.flag(db, readers[3]!, messageId, spam, 5000)).toThrow(flags.NotFlaggable);
		expect(flags.waiting(db)[0]).toMatchObject({
			count: 3,
			reasons: { spam: 1, abuse: 0, off_topic: 1, other: 1 },
			message: { state: 'hidden' }
		});
	});

	it("refuses one's own message, held, hidden or deleted ones, and visitors", () => {
		expect(() => flags.flag(db, author, messageId, spam)).toThrow(Forbidden);
		expect(() => flags.flag(db, { id: null, role: 'admin' }, messageId, spam)).toThrow(Forbidden);
		messages.remove(db, author, messageId);
		expect(() => flags.flag(db, readers[0]!, messageId, spam)).toThrow(flags.NotFlaggable);
		const held = messages.post(
			db,
			author,
			{ kind: 'event', id: eventId },
			{ body: 'Attente', locale: 'fr' }
		).id;
		db.$client.prepare("update messages set state = 'held' where id = ?").run(held);
		expect(() => flags.flag(db, readers[0]!, held, spam)).toThrow(flags.NotFlaggable);
		expect(() => flags.flag(db, readers[0]!, 999_999, spam)).toThrow(flags.NotFlaggable);
		expect(flags.waiting(db)).toEqual([]);
	});

	it('asks a text for "other", keeps notes short and clean, and refuses unknown reasons', () => {
		const problems = (reason: string, note: string) => flags.checkInput({ reason, note }).problems;
		expect(problems('other', '')).toEqual([{ field: 'note', code: 'required' }]);
		expect(problems('other', ' \u200b\u202e ')).toEqual([{ field: 'note', code: 'required' }]);
		expect(problems('spam', 'x'.repeat(501))).toEqual([
			{ field: 'note', code: 'too_long', max: 500 }
		]);
		expect(problems('spam', 'x'.repeat(500))).toEqual([]);
		expect(problems('ban', '')).toEqual([{ field: 'reason', code: 'invalid' }]);
		expect(flags.checkInput({ reason: 'abuse', note: ' a\u202eb\u0000c ' }).note).toBe('abc');
		expect(() => flags.flag(db, readers[0]!, messageId, { reason: 'other', note: '' })).toThrow(
			flags.FlagInputError
		);
		expect(flags.waiting(db)).toEqual([]);
	});

	it('the form offers what the domain takes', () => {
		expect(FLAG_NOTE_MAX).toBe(flags.MAX_NOTE_LENGTH);
		expect([...FLAG_REASON_CHOICES]).toEqual([...FLAG_REASONS]);
	});

	it("moderators' reports count like anyone's", () => {
		const organiser = member(db, 'Olga', 'organiser');
		flags.flag(db, readers[0]!, messageId, spam, 2000);
		flags.flag(db, readers[1]!, messageId, spam, 2000);
		expect(flags.flag(db, organiser, messageId, spam, 2000).hidden).toBe(true);
	});
});

describe('who hides a message', () => {
	const waitingCount = () => flags.waiting(db).find((w) => w.messageId === messageId)?.count ?? 0;

	it("does not count new members' reports: three throw-away accounts only reach the queue", () => {
		const fresh = ['Xavier', 'Yann', 'Zoé'].map((name) =>
			member(db, name, 'member', { fresh: true })
		);
		for (const reader of fresh)
			expect(flags.flag(db, reader, messageId, spam, 2000).hidden).toBe(false);
		expect(stateOf(messageId)).toBe('published');
		expect(waitingCount()).toBe(3);
		// Trusted members' reports still hide it, the new ones' aside.
		flags.flag(db, readers[0]!, messageId, spam, 3000);
		flags.flag(db, readers[1]!, messageId, spam, 3000);
		expect(flags.flag(db, readers[2]!, messageId, spam, 3000).hidden).toBe(true);
	});

	it('does not count members on hold, banned or disabled', () => {
		const [held, banned, disabled] = ['Hugo', 'Inès', 'Jules'].map((name) => member(db, name));
		db.$client.prepare('update accounts set held_at = 1 where id = ?').run(held!.id);
		db.$client.prepare('update accounts set disabled_at = 1 where id = ?').run(disabled!.id);
		for (const reader of [held!, banned!, disabled!]) {
			if (reader === banned)
				db.$client.prepare('update accounts set banned_at = 1 where id = ?').run(banned!.id);
			flags.flag(db, reader, messageId, spam, 2000);
		}
		expect(stateOf(messageId)).toBe('published');
		expect(waitingCount()).toBe(3);
	});

	it('counts a ban that has lapsed', () => {
		db.$client
			.prepare('update accounts set banned_at = 1, banned_until = 1500 where id = ?')
			.run(readers[2]!.id);
		flags.flag(db, readers[0]!, messageId, spam, 2000);
		flags.flag(db, readers[1]!, messageId, spam, 2000);
		expect(flags.flag(db, readers[2]!, messageId, spam, 2000).hidden).toBe(true);
	});

	it('does not count unconfirmed addresses while the hub sends email', () => {
		mailing.setSending(true);
		try {
			db.$client
				.prepare('update accounts set email_confirmed_at = 1 where id in (?, ?)')
				.run(readers[0]!.id, readers[1]!.id);
			flags.flag(db, readers[0]!, messageId, spam, 2000);
			flags.flag(db, readers[1]!, messageId, spam, 2000);
			expect(flags.flag(db, readers[2]!, messageId, spam, 2000).hidden).toBe(false);
			expect(stateOf(messageId)).toBe('published');
			db.$client
				.prepare('update accounts set email_confirmed_at = 1 where id = ?')
				.run(readers[3]!.id);
			expect(flags.flag(db, readers[3]!, messageId, spam, 2000).hidden).toBe(true);
		} finally {
			mailing.setSending(false);
		}
	});

	it("never hides an organiser's or an admin's message: the reports wait in the queue", () => {
		for (const role of ['organiser', 'admin'] as const) {
			const moderator = member(db, role === 'admin' ? 'Ada' : 'Olga', role);
			const id = messages.post(
				db,
				moderator,
				{ kind: 'event', id: eventId },
				{ body: 'Le programme est en ligne.', locale: 'fr' },
				1000
			).id;
			for (const reader of readers)
				expect(flags.flag(db, reader, id, spam, 2000).hidden).toBe(false);
			expect(stateOf(id)).toBe('published');
			expect(flags.waiting(db).find((w) => w.messageId === id)?.count).toBe(4);
		}
	});
});

describe('the queue', () => {
	it('lists waiting reports per message, the oldest first, and resolving clears them', () => {
		const second = messages.post(
			db,
			author,
			{ kind: 'event', id: eventId },
			{ body: 'Encore', locale: 'fr' },
			1500
		).id;
		flags.flag(db, readers[0]!, second, spam, 2000);
		flags.flag(db, readers[1]!, messageId, spam, 2500);
		flags.flag(db, readers[0]!, messageId, { reason: 'abuse', note: 'Insultant' }, 3000);
		expect(flags.waiting(db).map((w) => [w.messageId, w.count])).toEqual([
			[second, 1],
			[messageId, 2]
		]);
		expect(flags.resolve(db, second, 4000)).toBe(1);
		expect(flags.resolve(db, second, 4000)).toBe(0);
		expect(flags.waiting(db).map((w) => w.messageId)).toEqual([messageId]);
		// Resolved reports no longer count toward hiding, and their authors cannot report twice.
		expect(flags.resolve(db, messageId, 4000)).toBe(2);
		flags.flag(db, readers[2]!, messageId, spam, 5000);
		expect(flags.flag(db, readers[1]!, messageId, spam, 5000).outcome).toBe('already');
		expect(stateOf(messageId)).toBe('published');
	});
});
