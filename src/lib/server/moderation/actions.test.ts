import { beforeEach, describe, expect, it } from 'vitest';
import { Forbidden, type Actor } from '../auth/policy';
import * as events from '../content/events';
import type { Db } from '../db';
import * as activity from '../forum/activity';
import { onChange } from '../forum/changes';
import * as discussions from '../forum/discussions';
import * as messages from '../forum/messages';
import { memoryDb } from '../testing/db';
import { eventInput } from '../testing/factories';
import { member } from '../testing/forum';
import * as forum from '../views/forum';
import * as actions from './actions';
import * as log from './log';
import * as settings from './settings';

let db: Db;
let newcomer: Actor;
let reader: Actor;
let moderator: Actor;
let subject: discussions.Subject;

beforeEach(() => {
	db = memoryDb();
	newcomer = member(db, 'Nina', 'member', { fresh: true });
	reader = member(db, 'Rita');
	moderator = member(db, 'Olga', 'organiser');
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
const state = (id: number) => messages.findById(db, id)!.state;
const trustedAt = (id: number) =>
	(
		db.$client.prepare('select trusted_at from accounts where id = ?').get(id) as {
			trusted_at: number | null;
		}
	).trusted_at;

describe('approve', () => {
	it('publishes a held message where everyone reads, logs it as it was, and drops the caches', () => {
		const held = messages.post(
			db,
			newcomer,
			subject,
			{ body: 'Premier message', locale: 'fr' },
			1000
		);
		expect(held.state).toBe('held');
		expect(view(reader).messages).toEqual([]);
		const tags: string[][] = [];
		const stop = onChange((t) => tags.push([...t]));
		actions.approve(db, moderator, held.id, 1, 2000);
		stop();
		expect(state(held.id)).toBe('published');
		expect(view(reader).messages.map((m) => m.html)).toEqual(['<p>Premier message</p>\n']);
		expect(activity.latestMessages(db, 10).map((l) => l.message.id)).toEqual([held.id]);
		expect(tags.flat()).toContain(discussions.tagOf(subject));
		const [entry] = log.list(db).items;
		expect(entry).toMatchObject({
			action: 'approve',
			actorName: 'Olga',
			messageId: held.id,
			memberId: newcomer.id,
			snapshot: { body: 'Premier message', state: 'held', authorName: 'Nina', version: 1 }
		});
	});

	it('trusts a new member once their first messages are approved, so the next is published', () => {
		settings.write(db, { heldFirstMessages: 2 });
		const first = messages.post(db, newcomer, subject, { body: 'un', locale: 'fr' }, 1000);
		const second = messages.post(db, newcomer, subject, { body: 'deux', locale: 'fr' }, 200_000);
		actions.approve(db, moderator, first.id, 1, 300_000);
		expect(trustedAt(newcomer.id!)).toBeNull();
		actions.approve(db, moderator, second.id, 1, 400_000);
		expect(trustedAt(newcomer.id!)).toBe(400_000);
		const third = messages.post(db, newcomer, subject, { body: 'trois', locale: 'fr' }, 500_000);
		expect(third.state).toBe('published');
	});

	it('is done once: a second approval (another click, another moderator) finds nothing waiting', () => {
		const held = messages.post(db, newcomer, subject, { body: 'x', locale: 'fr' }, 1000);
		actions.approve(db, moderator, held.id, 1, 2000);
		expect(() => actions.approve(db, moderator, held.id, 1, 3000)).toThrow(
			expect.objectContaining({ code: 'not_waiting' })
		);
		expect(log.list(db).total).toBe(1);
	});

	it('is refused to members, and to nobody on a deleted message twice', () => {
		const held = messages.post(db, newcomer, subject, { body: 'x', locale: 'fr' }, 1000);
		expect(() => actions.approve(db, reader, held.id, 1)).toThrow(Forbidden);
		expect(state(held.id)).toBe('held');
		actions.remove(db, moderator, held.id);
		expect(() => actions.approve(db, moderator, held.id, 1)).toThrow(actions.ModerationError);
		expect(() => actions.approve(db, moderator, 999_999, 1)).toThrow(actions.ModerationError);
	});
});

describe('approve, against what the moderator saw', () => {
	it('refuses a held message edited since the queue was loaded, publishing nothing', () => {
		const held = messages.post(db, newcomer, subject, { body: 'Bonjour', locale: 'fr' }, 1000);
		messages.edit(db, newcomer, held.id, { body: 'Cliquez ici', locale: 'fr' }, 2000);
		expect(() => actions.approve(db, moderator, held.id, 1, 3000)).toThrow(
			expect.objectContaining({ code: 'changed' })
		);
		expect(state(held.id)).toBe('held');
		expect(log.list(db).total).toBe(0);
		// Looked at again, the version seen is the one published.
		actions.approve(db, moderator, held.id, 2, 4000);
		expect(state(held.id)).toBe('published');
	});

	it('refuses a hidden message (restore is the way back), changing nothing', () => {
		const said = messages.post(db, reader, subject, { body: 'Des mots', locale: 'fr' }, 1000);
		db.$client
			.prepare(
				"insert into message_flags (message_id, account_id, reason, created_at) values (?, ?, 'spam', 1500)"
			)
			.run(said.id, newcomer.id);
		actions.hide(db, moderator, said.id, 'Insulte', 2000);
		expect(() => actions.approve(db, moderator, said.id, 1, 3000)).toThrow(
			expect.objectContaining({ code: 'not_waiting' })
		);
		expect(state(said.id)).toBe('hidden');
		expect(log.list(db).items.map((i) => i.action)).toEqual(['hide']);
	});

	it('restores only the version the moderator saw, when told which', () => {
		// A moderator's own hidden message is the one a moderator can still edit.
		const said = messages.post(db, moderator, subject, { body: 'Avant', locale: 'fr' }, 1000);
		actions.hide(db, moderator, said.id, 'spam', 2000);
		messages.edit(db, moderator, said.id, { body: 'Corrigé', locale: 'fr' }, 3000);
		expect(() => actions.restore(db, moderator, said.id, 1, 4000)).toThrow(
			expect.objectContaining({ code: 'changed' })
		);
		expect(state(said.id)).toBe('hidden');
		actions.restore(db, moderator, said.id, 2, 5000);
		expect(state(said.id)).toBe('published');
	});
});

describe('hide and restore', () => {
	it('shows readers the reason in place of the words, moderators the words, and restores', () => {
		const said = messages.post(db, reader, subject, { body: 'Des mots durs', locale: 'fr' }, 1000);
		actions.hide(db, moderator, said.id, '  Propos  insultants \u202e ', 2000);
		const seen = view(null).messages[0]!;
		expect(seen).toMatchObject({
			state: 'hidden',
			html: '',
			author: null,
			reason: 'Propos insultants'
		});
		expect(JSON.stringify(view(reader))).not.toContain('mots durs');
		expect(view(moderator).messages[0]).toMatchObject({ state: 'hidden', moderated: true });
		expect(view(moderator).messages[0]!.html).toContain('Des mots durs');
		expect(activity.latestMessages(db, 10)).toEqual([]);
		expect(discussions.forSubject(db, subject).messageCount).toBe(0);

		actions.restore(db, moderator, said.id, null, 3000);
		expect(view(null).messages[0]).toMatchObject({ state: 'published', reason: null });
		expect(log.list(db).items.map((i) => i.action)).toEqual(['restore', 'hide']);
		expect(log.list(db).items[1]!.reason).toBe('Propos insultants');
	});

	it('refuses a hide without a reason, or with a 16 KB one, changing nothing', () => {
		const said = messages.post(db, reader, subject, { body: 'x', locale: 'fr' }, 1000);
		expect(() => actions.hide(db, moderator, said.id, ' \u200b ')).toThrow(
			expect.objectContaining({ code: 'reason_required' })
		);
		expect(() => actions.hide(db, moderator, said.id, 'a'.repeat(16_384))).toThrow(
			expect.objectContaining({ code: 'reason_too_long' })
		);
		expect(state(said.id)).toBe('published');
		expect(log.list(db).total).toBe(0);
	});
});

describe('delete', () => {
	it('leaves a tombstone and a log entry whose snapshot keeps the words of the last version', () => {
		const said = messages.post(db, reader, subject, { body: 'Avant', locale: 'fr' }, 1000);
		actions.hide(db, moderator, said.id, 'spam', 2000);
		actions.restore(db, moderator, said.id, null, 3000);
		messages.edit(db, reader, said.id, { body: 'Après', locale: 'fr' }, 4000);
		actions.remove(db, moderator, said.id, null, 5000);
		expect(messages.findById(db, said.id)).toMatchObject({ state: 'deleted', body: '' });
		const items = log.list(db).items;
		expect(items.map((i) => [i.action, i.snapshot?.body, i.snapshot?.version])).toEqual([
			['delete', 'Après', 2],
			['restore', 'Avant', 1],
			['hide', 'Avant', 1]
		]);
		// A second delete (another tab) does nothing more.
		actions.remove(db, moderator, said.id, null, 6000);
		expect(log.list(db).total).toBe(3);
	});
});

describe('flags', () => {
	it('are resolved by any decision on their message', () => {
		const said = messages.post(db, reader, subject, { body: 'x', locale: 'fr' }, 1000);
		db.$client
			.prepare(
				"insert into message_flags (message_id, account_id, reason, created_at) values (?, ?, 'spam', 1500)"
			)
			.run(said.id, newcomer.id);
		actions.approve(db, moderator, said.id, 1, 2000);
		const open = db.$client
			.prepare('select count(*) as n from message_flags where resolved_at is null')
			.get() as { n: number };
		expect(open.n).toBe(0);
		expect(state(said.id)).toBe('published');
	});
});

describe('close', () => {
	it('closes and reopens the discussion, logged', () => {
		const said = messages.post(db, reader, subject, { body: 'x', locale: 'fr' }, 1000);
		actions.setClosed(db, moderator, said.discussionId, true, 2000);
		expect(discussions.forSubject(db, subject).closedAt).toBe(2000);
		actions.setClosed(db, moderator, said.discussionId, false, 3000);
		expect(discussions.forSubject(db, subject).closedAt).toBeNull();
		expect(log.list(db).items.map((i) => i.action)).toEqual(['reopen', 'close']);
		expect(() => actions.setClosed(db, reader, said.discussionId, true)).toThrow(Forbidden);
	});
});

describe('a message nobody has read', () => {
	it('is not hidden (a placeholder where nothing was), and deleting it leaves no trace', () => {
		const held = messages.post(db, newcomer, subject, { body: 'En attente', locale: 'fr' }, 1000);
		expect(() => actions.hide(db, moderator, held.id, 'spam', 2000)).toThrow(
			expect.objectContaining({ code: 'held' })
		);
		expect(state(held.id)).toBe('held');
		actions.remove(db, moderator, held.id, 'spam', 3000);
		expect(messages.findById(db, held.id)).toBeNull();
		expect(view(reader).messages).toEqual([]);
		expect(view(moderator).messages).toEqual([]);
		// The log still says what was decided on, and what it said.
		const entry = log.list(db).items.find((e) => e.action === 'delete');
		expect(entry?.snapshot?.body).toBe('En attente');
	});
});
