import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/policy';
import * as events from '../content/events';
import type { Db } from '../db';
import * as messages from '../forum/messages';
import { memoryDb } from '../testing/db';
import { eventInput } from '../testing/factories';
import { member } from '../testing/forum';
import * as actions from './actions';
import * as members from './members';
import * as queue from './queue';

let db: Db;
let moderator: Actor;
let subject: { kind: 'event'; id: number };

beforeEach(() => {
	db = memoryDb();
	moderator = member(db, 'Olga', 'organiser');
	subject = { kind: 'event', id: events.create(db, eventInput()).id };
});

function flag(
	messageId: number,
	by: Actor,
	at: number,
	reason = 'spam',
	note: string | null = null
) {
	db.$client
		.prepare(
			'insert into message_flags (message_id, account_id, reason, note, created_at) values (?, ?, ?, ?, ?)'
		)
		.run(messageId, by.id, reason, note, at);
}

describe('listMessages', () => {
	it('lists held and flagged messages oldest first, in context, until decided', () => {
		const rita = member(db, 'Rita');
		const nina = member(db, 'Nina', 'member', { fresh: true });
		const asked = messages.post(db, rita, subject, { body: 'Une question', locale: 'fr' }, 1000);
		const answer = messages.post(
			db,
			nina,
			subject,
			{ body: 'Une réponse', locale: 'fr', replyTo: asked.id },
			3000
		);
		flag(asked.id, nina, 2000, 'off_topic', 'Rien à voir');
		const { items, total } = queue.listMessages(db);
		expect(total).toBe(2);
		expect(items.map((i) => [i.message.id, i.since])).toEqual([
			[asked.id, 2000],
			[answer.id, 3000]
		]);
		expect(items[0]!.flags).toEqual([
			{ reason: 'off_topic', note: 'Rien à voir', by: 'Nina', createdAt: 2000 }
		]);
		expect(items[1]).toMatchObject({
			hold: { kind: 'new_member' },
			answered: { id: asked.id, body: 'Une question' },
			author: { name: 'Nina', trustedAt: null }
		});
		actions.approve(db, moderator, asked.id, 1);
		// A waiting message is not hidden (nobody read it): it is deleted, and leaves the queue.
		actions.remove(db, moderator, answer.id, 'hors sujet');
		expect(queue.listMessages(db).total).toBe(0);
	});

	it('reads a word hold and pages the queue', () => {
		const nina = member(db, 'Nina', 'member', { fresh: true });
		for (let i = 0; i < 3; i++)
			messages.post(db, nina, subject, { body: `m${i}`, locale: 'fr' }, 1000 + i * 100_000);
		expect(queue.listMessages(db, { page: 2, perPage: 2 })).toMatchObject({
			page: 2,
			pages: 2,
			total: 3
		});
		expect(queue.listMessages(db, { page: 2, perPage: 2 }).items).toHaveLength(1);
		expect(queue.holdCause('word:arnaque')).toEqual({ kind: 'word', word: 'arnaque' });
	});
});

describe('listNewMembers', () => {
	it('puts members on hold and with messages waiting first, and leaves out the banned and trusted', () => {
		const quiet = member(db, 'Quiet', 'member', { fresh: true });
		const writer = member(db, 'Writer', 'member', { fresh: true });
		const held = member(db, 'Held', 'member', { fresh: true });
		const banned = member(db, 'Banned', 'member', { fresh: true });
		member(db, 'Trusted');
		messages.post(db, writer, subject, { body: 'x', locale: 'fr' }, 1000);
		members.setHeld(db, moderator, held.id!, true);
		members.ban(db, moderator, banned.id!, {});
		const { items, total } = queue.listNewMembers(db);
		expect(total).toBe(3);
		expect(items.map((i) => [i.member.name, i.heldMessages])).toEqual([
			['Held', 0],
			['Writer', 1],
			['Quiet', 0]
		]);
		expect(quiet.id).toBeGreaterThan(0);
		const second = queue.listNewMembers(db, Date.now(), { page: 2, perPage: 2 });
		expect(second).toMatchObject({ page: 2, pages: 2, total: 3 });
		expect(second.items.map((i) => i.member.name)).toEqual(['Quiet']);
	});
});

describe('listHidden', () => {
	it('keeps hidden messages in sight, newest decision first, until restored', () => {
		const rita = member(db, 'Rita');
		const first = messages.post(db, rita, subject, { body: 'un', locale: 'fr' }, 1000);
		const second = messages.post(db, rita, subject, { body: 'deux', locale: 'fr' }, 20_000);
		actions.hide(db, moderator, first.id, 'spam', 30_000);
		actions.hide(db, moderator, second.id, 'hors sujet', 40_000);
		expect(queue.listHidden(db).map((i) => [i.message.id, i.message.moderationReason])).toEqual([
			[second.id, 'hors sujet'],
			[first.id, 'spam']
		]);
		actions.restore(db, moderator, second.id, null, 50_000);
		expect(queue.listHidden(db).map((i) => i.message.id)).toEqual([first.id]);
	});
});
