import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/policy';
import * as events from '../content/events';
import type { Db } from '../db';
import * as messages from '../forum/messages';
import * as topics from '../forum/topics';
import { memoryDb } from '../testing/db';
import { eventInput } from '../testing/factories';
import { member } from '../testing/forum';
import * as digest from './digest';
import { DAY, HOUR } from './digest';
import * as follows from './follows';
import * as notifications from './notifications';
import { setSending } from './sending';
import * as unsubscribe from './unsubscribe';

const ORIGIN = 'https://hub.example';
let db: Db;
let alice: Actor;
let bob: Actor;
let eventId: number;
const onEvent = () => ({ kind: 'event', id: eventId }) as const;
const say = (who: Actor, body: string, now: number, replyTo: number | null = null) =>
	messages.post(db, who, onEvent(), { body, locale: 'fr', replyTo }, now);

type Row = {
	to_address: string;
	kind: string;
	locale: string;
	subject: string;
	text_body: string;
	html_body: string;
	headers: string;
	account_id: number;
};
const outbox = () => db.$client.prepare('select * from outbox order by id').all() as Row[];
const confirm = (who: Actor) =>
	db.$client.prepare('update accounts set email_confirmed_at = 1 where id = ?').run(who.id);
const setFrequency = (who: Actor, frequency: string) =>
	db.$client.prepare('update accounts set email_frequency = ? where id = ?').run(frequency, who.id);

beforeEach(() => {
	db = memoryDb();
	alice = member(db, 'Alice');
	bob = member(db, 'Bob');
	confirm(alice);
	confirm(bob);
	db.$client.prepare("update accounts set locale = 'en' where id = ?").run(alice.id);
	eventId = events.create(db, eventInput()).id;
	setSending(true);
});
afterEach(() => setSending(false));

const T0 = Date.UTC(2031, 0, 10, 9);

describe('hourly members', () => {
	it('send one email at once, in their language, with the unsubscribe headers', () => {
		const first = say(alice, 'Hello everyone', T0);
		const answer = say(bob, 'Bonjour **Alice**, *bienvenue* !', T0 + 1000, first.id);
		expect(digest.gather(db, { origin: ORIGIN, now: T0 + 2000 })).toBe(1);
		const [email] = outbox();
		expect(email).toMatchObject({ kind: 'notification', locale: 'en', account_id: alice.id });
		expect(email!.subject).toBe('1 new message in “Commons drinks”');
		expect(email!.text_body).toContain('Bob answered your message');
		// Markdown as plain text, and a permalink in the recipient's language.
		expect(email!.text_body).toContain('Bonjour Alice, bienvenue !');
		expect(email!.text_body).toContain(`${ORIGIN}/en/messages/${answer.id}`);
		expect(email!.html_body).toContain('<html lang="en">');
		const headers = JSON.parse(email!.headers);
		expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
		const url = /^<(https:\/\/hub\.example\/en\/unsubscribe\/([\w-]+))>$/.exec(
			headers['List-Unsubscribe']
		);
		expect(url).not.toBeNull();
		expect(unsubscribe.read(db, url![2]!)).toEqual({
			accountId: alice.id,
			scope: answer.discussionId
		});
		expect(email!.text_body).toContain(url![1]);
		expect(notifications.waiting(db)).toEqual([]);
	});

	it('wait an hour after an email for the same discussion, then list every message waiting', () => {
		say(alice, 'Hello', T0);
		say(bob, 'Un', T0 + 1000);
		digest.gather(db, { origin: ORIGIN, now: T0 + 2000 });
		const two = say(bob, 'Deux', T0 + 10 * 60_000);
		const three = say(bob, 'Trois', T0 + 20 * 60_000);
		expect(digest.gather(db, { origin: ORIGIN, now: T0 + 30 * 60_000 })).toBe(0);
		expect(digest.gather(db, { origin: ORIGIN, now: T0 + 2000 + HOUR - 1 })).toBe(0);
		expect(digest.gather(db, { origin: ORIGIN, now: T0 + 2000 + HOUR })).toBe(1);
		const emails = outbox();
		expect(emails).toHaveLength(2);
		expect(emails[1]!.subject).toBe('2 new messages in “Commons drinks”');
		expect(emails[1]!.text_body).toMatch(new RegExp(`Deux\\n\\S+/messages/${two.id}`));
		expect(emails[1]!.text_body).toMatch(new RegExp(`Trois\\n\\S+/messages/${three.id}`));
	});

	it('are paced per discussion: another discussion is not kept waiting', () => {
		say(alice, 'Hello', T0);
		const { topic } = topics.start(db, alice, { title: 'A topic', body: 'Text', locale: 'en' }, T0);
		say(bob, 'Un', T0 + 1000);
		digest.gather(db, { origin: ORIGIN, now: T0 + 2000 });
		messages.post(db, bob, topic.subject, { body: 'Ailleurs', locale: 'fr' }, T0 + 3000);
		expect(digest.gather(db, { origin: ORIGIN, now: T0 + 4000 })).toBe(1);
		expect(outbox()[1]!.subject).toBe('1 new message in “A topic”');
	});

	it('drop messages hidden or deleted meanwhile, and send the rest', () => {
		say(alice, 'Hello', T0);
		const hidden = say(bob, 'Caché', T0 + 1000);
		const deleted = say(bob, 'Effacé', T0 + 2000);
		say(bob, 'Gardé', T0 + 3000);
		db.$client.prepare("update messages set state = 'hidden' where id = ?").run(hidden.id);
		messages.remove(db, bob, deleted.id, T0 + 4000);
		expect(digest.gather(db, { origin: ORIGIN, now: T0 + 5000 })).toBe(1);
		const [email] = outbox();
		expect(email!.text_body).toContain('Gardé');
		expect(email!.text_body).not.toContain('Caché');
		expect(email!.text_body).not.toContain('Effacé');
		expect(email!.subject).toMatch(/^1 new message/);
		expect(
			db.$client.prepare('select count(*) as n from notifications where sent_at is null').get()
		).toEqual({ n: 0 });
	});

	it('send nothing when every waiting message was hidden', () => {
		say(alice, 'Hello', T0);
		const hidden = say(bob, 'Caché', T0 + 1000);
		db.$client.prepare("update messages set state = 'hidden' where id = ?").run(hidden.id);
		expect(digest.gather(db, { origin: ORIGIN, now: T0 + 5000 })).toBe(0);
		expect(outbox()).toEqual([]);
		// A dropped row does not count as an email: the next message goes at once.
		say(bob, 'Visible', T0 + 6000);
		expect(digest.gather(db, { origin: ORIGIN, now: T0 + 7000 })).toBe(1);
	});

	it('wait for a confirmed address, and send nothing while the server does not send', () => {
		db.$client.prepare('update accounts set email_confirmed_at = null where id = ?').run(alice.id);
		say(alice, 'Hello', T0);
		say(bob, 'Un', T0 + 1000);
		expect(digest.gather(db, { origin: ORIGIN, now: T0 + 2000 })).toBe(0);
		confirm(alice);
		setSending(false);
		expect(digest.gather(db, { origin: ORIGIN, now: T0 + 3000 })).toBe(0);
		expect(notifications.waiting(db)).toHaveLength(1);
		setSending(true);
		expect(digest.gather(db, { origin: ORIGIN, now: T0 + 4000 })).toBe(1);
	});

	it('drop what waited a week (never sendable)', () => {
		db.$client.prepare('update accounts set email_confirmed_at = null where id = ?').run(alice.id);
		say(alice, 'Hello', T0);
		say(bob, 'Un', T0 + 1000);
		digest.gather(db, { origin: ORIGIN, now: T0 + 8 * DAY });
		expect(notifications.waiting(db)).toEqual([]);
	});
});

describe('daily members', () => {
	it('get one digest across discussions once the oldest waited a day', () => {
		setFrequency(alice, 'daily');
		say(alice, 'Hello', T0);
		const { topic } = topics.start(db, alice, { title: 'A topic', body: 'Text', locale: 'en' }, T0);
		say(bob, 'Premier', T0 + HOUR);
		messages.post(db, bob, topic.subject, { body: 'Second', locale: 'fr' }, T0 + 2 * HOUR);
		expect(digest.gather(db, { origin: ORIGIN, now: T0 + 3 * HOUR })).toBe(0);
		expect(digest.gather(db, { origin: ORIGIN, now: T0 + HOUR + DAY - 1 })).toBe(0);
		expect(digest.gather(db, { origin: ORIGIN, now: T0 + HOUR + DAY })).toBe(1);
		const [email] = outbox();
		expect(email!.kind).toBe('digest');
		expect(email!.subject).toMatch(
			/^Your daily digest: 2 new messages in “(Commons drinks|A topic)” and other discussions$/
		);
		expect(email!.text_body).toContain('Premier');
		expect(email!.text_body).toContain('Second');
		const headers = JSON.parse(email!.headers);
		const token = /unsubscribe\/([\w-]+)>$/.exec(headers['List-Unsubscribe'])![1]!;
		expect(unsubscribe.read(db, token)).toEqual({ accountId: alice.id, scope: 'all' });
		// The next digest waits for its own day.
		say(bob, 'Encore', T0 + HOUR + DAY + 1000);
		expect(digest.gather(db, { origin: ORIGIN, now: T0 + HOUR + DAY + 2000 })).toBe(0);
	});

	it('is written in French for a French member', () => {
		setFrequency(bob, 'daily');
		say(bob, 'Bonjour', T0);
		say(alice, 'Hi', T0 + 1000);
		digest.gather(db, { origin: ORIGIN, now: T0 + 1000 + DAY });
		const email = outbox().find((e) => e.to_address !== '' && e.account_id === bob.id)!;
		expect(email.locale).toBe('fr');
		expect(email.subject).toBe(
			'Votre résumé du jour\u00a0: 1 nouveau message dans «\u00a0Apéro des communs\u00a0»'
		);
		expect(email.text_body).toContain(`${ORIGIN}/fr/messages/`);
	});
});

describe('excerpts', () => {
	it('are plain text, cut on a word', () => {
		const long = `**Gras** ${'mot '.repeat(200)}`;
		const cut = digest.excerpt(long);
		expect(cut.startsWith('Gras mot')).toBe(true);
		expect(cut.length).toBeLessThanOrEqual(281);
		expect(cut.endsWith('mot…')).toBe(true);
		// Typed HTML is text, as readers see it (the renderer takes no HTML).
		expect(digest.excerpt('<b>x</b> [lien](https://x.example)')).toBe(
			'<b>x</b> lien (https://x.example)'
		);
	});

	it('stay text in the HTML body, and a hostile title cannot break a header', () => {
		const { topic } = topics.start(
			db,
			alice,
			{ title: 'Sujet\r\nBcc: x@evil.example <b>', body: 'Texte', locale: 'fr' },
			T0
		);
		messages.post(
			db,
			bob,
			topic.subject,
			{ body: '<script>alert(1)</script>\u202e', locale: 'fr' },
			T0 + 1000
		);
		digest.gather(db, { origin: ORIGIN, now: T0 + 2000 });
		const [email] = outbox();
		expect(email!.html_body).not.toContain('<script>');
		expect(email!.html_body).toContain('&lt;script&gt;');
		expect(email!.subject).not.toMatch(/[\r\n]/);
		expect(email!.text_body).not.toContain('\u202e');
	});
});

describe('the timer', () => {
	it('gathers shortly after a message is published, and stops', async () => {
		say(alice, 'Hello', Date.now());
		const stop = digest.startGathering(db, { origin: ORIGIN, everyMs: 60_000, soonMs: 10 });
		say(bob, 'Un', Date.now());
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(outbox()).toHaveLength(1);
		stop();
	});
});

describe('following then unsubscribing', () => {
	it('stops what the token says', () => {
		say(alice, 'Hello', T0);
		const discussion = say(bob, 'Un', T0 + 1000).discussionId;
		unsubscribe.stop(db, { accountId: alice.id!, scope: discussion }, 'discussion');
		expect(follows.isFollowing(db, alice.id!, discussion)).toBe(false);
		expect(notifications.waiting(db)).toEqual([]);
	});
});

describe('long lists', () => {
	it('list twenty messages of a discussion and count the rest', () => {
		say(alice, 'Hello', T0);
		for (let i = 0; i < 25; i++) say(member(db, `Writer ${i}`), `Message ${i}`, T0 + 1000 + i);
		expect(digest.gather(db, { origin: ORIGIN, now: T0 + 5000 })).toBe(1);
		const [email] = outbox();
		expect(email!.subject).toBe('25 new messages in “Commons drinks”');
		expect(email!.text_body).toContain('Message 19');
		expect(email!.text_body).not.toContain('Message 20');
		expect(email!.text_body).toContain('And 5 more: read them in the discussion.');
		expect(notifications.waiting(db, alice.id!)).toEqual([]);
	});
});
