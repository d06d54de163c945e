import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/policy';
import * as events from '../content/events';
import type { Db } from '../db';
import * as discussions from '../forum/discussions';
import * as messages from '../forum/messages';
import * as topics from '../forum/topics';
import { memoryDb } from '../testing/db';
import { eventInput } from '../testing/factories';
import { member } from '../testing/forum';
import * as follows from './follows';
import * as notifications from './notifications';

let db: Db;
let alice: Actor;
let bob: Actor;
let carol: Actor;
let eventId: number;
const onEvent = () => ({ kind: 'event', id: eventId }) as const;
const say = (who: Actor, body: string, replyTo: number | null = null, now = 1000) =>
	messages.post(db, who, onEvent(), { body, locale: 'fr', replyTo }, now);
const discussionId = () => discussions.forSubject(db, onEvent()).id!;
/** Who is to hear of a message, and why. */
const told = (messageId: number) =>
	notifications
		.waiting(db)
		.filter((n) => n.messageId === messageId)
		.map((n) => ({ account: n.accountId, reason: n.reason }))
		.sort((a, b) => a.account - b.account);

beforeEach(() => {
	db = memoryDb();
	alice = member(db, 'Alice');
	bob = member(db, 'Bob');
	carol = member(db, 'Carol');
	eventId = events.create(db, eventInput()).id;
});

describe('following', () => {
	it('makes authors follow a discussion from their first message there', () => {
		say(alice, 'Bonjour');
		expect(follows.isFollowing(db, alice.id!, discussionId())).toBe(true);
		expect(follows.isFollowing(db, bob.id!, discussionId())).toBe(false);
	});

	it('keeps an unfollow: writing again does not subscribe again', () => {
		say(alice, 'Premier');
		follows.unfollow(db, alice.id!, discussionId());
		say(alice, 'Second', null, 2000);
		expect(follows.isFollowing(db, alice.id!, discussionId())).toBe(false);
	});

	it("makes a topic's author follow it", () => {
		const { topic } = topics.start(db, alice, { title: 'Un sujet', body: 'Texte', locale: 'fr' });
		expect(follows.isFollowing(db, alice.id!, topic.id)).toBe(true);
	});

	it('follows an event nobody wrote about yet (its discussion is made), once, and lists it', () => {
		expect(follows.follow(db, bob.id!, onEvent(), 5)).toBe(true);
		expect(follows.follow(db, bob.id!, onEvent(), 6)).toBe(true);
		const listed = follows.listFollowed(db, bob.id!, 'en');
		expect(listed).toEqual([
			{
				discussionId: discussionId(),
				path: expect.stringMatching(/^\/events\//),
				title: 'Commons drinks',
				lang: 'en'
			}
		]);
		expect(follows.listFollowed(db, bob.id!, 'fr')[0]!.title).toBe('Apéro des communs');
	});

	it('refuses to follow what readers cannot see', () => {
		expect(follows.follow(db, bob.id!, { kind: 'topic', id: 999 })).toBe(false);
		expect(db.$client.prepare('select count(*) as n from follows').get()).toEqual({ n: 0 });
	});
});

describe('who is notified of a message', () => {
	it('tells followers and the one answered, never the writer', () => {
		const first = say(alice, 'Bonjour');
		follows.follow(db, carol.id!, onEvent());
		const answer = say(bob, 'Réponse', first.id, 2000);
		expect(told(answer.id)).toEqual([
			{ account: alice.id, reason: 'reply' },
			{ account: carol.id, reason: 'follow' }
		]);
		// Bob wrote it: nothing for him, though he follows now.
		expect(notifications.waiting(db, bob.id!)).toEqual([]);
	});

	it('tells nobody of a held message until it is published', () => {
		const first = say(alice, 'Bonjour');
		const fresh = member(db, 'Dora', 'member', { fresh: true });
		db.$client
			.prepare(
				"insert into settings (key, value, updated_at) values ('heldFirstMessages', '3', 0) on conflict(key) do update set value = '3'"
			)
			.run();
		const held = say(fresh, 'En attente', first.id, 3000);
		expect(held.state).toBe('held');
		expect(told(held.id)).toEqual([]);
		// What a moderator's approval does (MOD calls it in the approving transaction).
		db.$client.prepare("update messages set state = 'published' where id = ?").run(held.id);
		notifications.notifyPublished(db, held.id, 4000);
		expect(told(held.id)).toEqual([{ account: alice.id, reason: 'reply' }]);
	});

	it("respects 'never', bans and disabled accounts", () => {
		say(alice, 'Alice');
		say(carol, 'Carol');
		const dora = member(db, 'Dora');
		follows.follow(db, dora.id!, onEvent());
		db.$client.prepare("update accounts set email_frequency = 'never' where id = ?").run(alice.id);
		db.$client
			.prepare('update accounts set banned_at = 1, banned_until = null where id = ?')
			.run(carol.id);
		db.$client.prepare('update accounts set disabled_at = 1 where id = ?').run(dora.id);
		const message = say(bob, 'Bob', null, 5000);
		expect(told(message.id)).toEqual([]);
		// A ban that has ended no longer keeps emails away.
		db.$client.prepare('update accounts set banned_until = 5500 where id = ?').run(carol.id);
		const later = say(bob, 'Encore', null, 6000);
		expect(told(later.id)).toEqual([{ account: carol.id, reason: 'follow' }]);
	});

	it('does not tell the one answered once they unfollowed the discussion', () => {
		const first = say(alice, 'Bonjour');
		follows.unfollow(db, alice.id!, discussionId());
		const answer = say(bob, 'Réponse', first.id, 2000);
		expect(told(answer.id)).toEqual([]);
	});

	it('tells each once, whatever the number of calls', () => {
		say(alice, 'Bonjour');
		const message = say(bob, 'Re', null, 2000);
		notifications.notifyPublished(db, message.id, 2001);
		expect(told(message.id)).toHaveLength(1);
	});

	it("drops an unfollowed discussion's waiting notifications", () => {
		say(alice, 'Bonjour');
		say(bob, 'Re', null, 2000);
		expect(notifications.waiting(db, alice.id!)).toHaveLength(1);
		follows.unfollow(db, alice.id!, discussionId());
		expect(notifications.waiting(db, alice.id!)).toEqual([]);
	});
});
