import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/policy';
import * as events from '../content/events';
import type { Db } from '../db';
import * as messages from '../forum/messages';
import * as topics from '../forum/topics';
import * as limits from '../abuse/limits';
import { memoryDb } from '../testing/db';
import { eventInput } from '../testing/factories';
import { erase, LastAdminError } from './erase';
import { exportOf } from './export';

let db: Db;
let eventId: number;

const NAME = 'Zoé \u202eHostile';
const EMAIL = 'zoe-data@example.org';

function account(
	name: string,
	email: string,
	role: Actor['role'] = 'member'
): Actor & { id: number } {
	const { lastInsertRowid } = db.$client
		.prepare(
			`insert into accounts (email, name, role, password_hash, created_at, updated_at, trusted_at)
			 values (?, ?, ?, 'argon2-secret-hash', 0, 0, 0)`
		)
		.run(email, name, role);
	return { id: Number(lastInsertRowid), role };
}

/** A member with something of everything: messages (edited), a topic, a flag, a follow, a session, a token, an email, a log entry. */
function busyMember() {
	const zoe = account(NAME, EMAIL);
	const other = account('Other Person', 'other@example.org');
	const onEvent = { kind: 'event', id: eventId } as const;
	const first = messages.post(db, zoe, onEvent, { body: 'Mon premier message', locale: 'fr' });
	messages.edit(db, zoe, first.id, { body: 'Mon premier message, corrigé', locale: 'fr' });
	const theirs = messages.post(db, other, onEvent, {
		body: 'Réponse de quelqu’un d’autre',
		locale: 'fr'
	});
	const { topic } = topics.start(db, zoe, {
		title: 'Un sujet de Zoé',
		body: 'Ouvert par Zoé',
		locale: 'fr'
	});
	const run = (sql: string, ...params: unknown[]) => db.$client.prepare(sql).run(...params);
	run(
		`insert into message_flags (message_id, account_id, reason, note, created_at) values (?, ?, 'spam', 'note \u200b', 1)`,
		theirs.id,
		zoe.id
	);
	run(
		`insert into follows (account_id, discussion_id, created_at) values (?, ?, 1) on conflict do nothing`,
		zoe.id,
		topic.id
	);
	run(
		`insert into sessions (token_hash, account_id, created_at, last_seen_at, expires_at) values ('session-hash-secret', ?, 1, 2, 3)`,
		zoe.id
	);
	run(
		`insert into account_tokens (token_hash, account_id, purpose, created_at, expires_at) values ('token-hash-secret', ?, 'reset', 1, 2)`,
		zoe.id
	);
	run(
		`insert into outbox (account_id, to_address, kind, locale, subject, text_body, html_body, next_attempt_at, created_at)
		 values (?, ?, 'reset', 'fr', 'Sujet', 'Texte', '<p>Texte</p>', 0, 0)`,
		zoe.id,
		EMAIL
	);
	run(
		`insert or ignore into notifications (account_id, discussion_id, message_id, reason, created_at) values (?, ?, ?, 'reply', 1)`,
		zoe.id,
		topic.id,
		theirs.id
	);
	run(
		`insert into moderation_log (actor_id, actor_name, action, message_id, member_id, reason, snapshot, created_at)
		 values (null, 'Mod', 'hide', ?, ?, 'spam', ?, 5)`,
		first.id,
		zoe.id,
		JSON.stringify({ body: 'Mon premier message', author: NAME, email: EMAIL })
	);
	run(
		`insert into rate_hits (key, at) values (?, 1), (?, 1)`,
		limits.accountKey(zoe.id, 'message'),
		`reset:${EMAIL}`
	);
	run(`insert into login_failures (key, at) values (?, 1)`, `account:${EMAIL}`);
	return { zoe, other, first, theirs, topic };
}

beforeEach(() => {
	db = memoryDb();
	eventId = events.create(db, eventInput()).id;
});

describe('exportOf', () => {
	it('holds everything about the member, and nothing of anyone else, nor any hash', () => {
		const { zoe, first, topic } = busyMember();
		const data = exportOf(db, zoe.id)!;
		expect(data.account).toMatchObject({ id: zoe.id, email: EMAIL, name: NAME, role: 'member' });
		expect(data.messages.map((m) => m.body)).toEqual([
			'Mon premier message, corrigé',
			'Ouvert par Zoé'
		]);
		expect(data.messages.find((m) => m.id === first.id)!.versions.map((v) => v.body)).toEqual([
			'Mon premier message',
			'Mon premier message, corrigé'
		]);
		expect(data.topics.map((t) => t.title)).toEqual(['Un sujet de Zoé']);
		expect(data.flags).toEqual([expect.objectContaining({ reason: 'spam', note: 'note \u200b' })]);
		expect(data.follows.map((f) => f.discussion.id)).toContain(topic.id);
		expect(data.notifications).toHaveLength(1);
		expect(data.emails).toEqual([
			expect.objectContaining({ to: EMAIL, subject: 'Sujet', text: 'Texte' })
		]);
		expect(data.sessions).toEqual([
			{
				createdAt: new Date(1).toISOString(),
				lastSeenAt: new Date(2).toISOString(),
				expiresAt: new Date(3).toISOString()
			}
		]);
		expect(data.tokens).toEqual([expect.objectContaining({ purpose: 'reset' })]);
		expect(data.moderation).toEqual([expect.objectContaining({ action: 'hide', reason: 'spam' })]);
		const text = JSON.stringify(data);
		for (const secret of [
			'argon2-secret-hash',
			'session-hash-secret',
			'token-hash-secret',
			'Other Person',
			'other@example.org',
			'Réponse de quelqu',
			'"Mod"'
		])
			expect(text).not.toContain(secret);
	});

	it('is null for an account that is not there', () => {
		expect(exportOf(db, 999)).toBeNull();
	});
});

/** Every value of every row of every table, as text: where a trace would hide. */
function everything(): string {
	const tables = db.$client
		.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
		.all() as { name: string }[];
	return tables
		.map(
			({ name }) =>
				`${name}: ${JSON.stringify(db.$client.prepare(`select * from "${name}"`).all())}`
		)
		.join('\n');
}

describe('erase', () => {
	for (const choice of ['keep', 'delete'] as const)
		it(`leaves neither name nor address anywhere, messages ${choice === 'keep' ? 'kept as a former member’s' : 'made tombstones'}`, () => {
			const { zoe, other, first, theirs } = busyMember();
			erase(db, zoe.id, { messages: choice });
			const dump = everything();
			expect(dump).not.toContain(EMAIL);
			expect(dump).not.toContain(JSON.stringify(NAME).slice(1, -1));
			for (const table of [
				'sessions',
				'account_tokens',
				'follows',
				'notifications',
				'message_flags'
			])
				expect(
					db.$client.prepare(`select count(*) n from ${table} where account_id = ?`).get(zoe.id)
				).toEqual({ n: 0 });
			expect(db.$client.prepare('select count(*) n from rate_hits').get()).toEqual({ n: 0 });
			expect(db.$client.prepare('select count(*) n from login_failures').get()).toEqual({ n: 0 });
			expect(
				db.$client.prepare('select count(*) n from moderation_log where member_id = ?').get(zoe.id)
			).toEqual({ n: 0 });
			const mine = db.$client
				.prepare('select author_id, state, body from messages where id = ?')
				.get(first.id);
			expect(mine).toEqual(
				choice === 'keep'
					? { author_id: null, state: 'published', body: 'Mon premier message, corrigé' }
					: { author_id: null, state: 'deleted', body: '' }
			);
			const versions = db.$client
				.prepare('select count(*) n from message_versions where message_id = ?')
				.get(first.id);
			expect(versions).toEqual({ n: choice === 'keep' ? 2 : 0 });
			// The log keeps the entry, and the message as it was, without who wrote it.
			const log = db.$client.prepare('select action, snapshot from moderation_log').get() as {
				action: string;
				snapshot: string;
			};
			expect(log.action).toBe('hide');
			expect(JSON.parse(log.snapshot)).toEqual({
				body: 'Mon premier message',
				author: null,
				email: null
			});
			// Someone else's things stay as they were.
			expect(exportOf(db, other.id)!.messages.map((m) => m.id)).toEqual([theirs.id]);
			expect(
				db.$client.prepare('select state, body from messages where id = ?').get(theirs.id)
			).toEqual({
				state: 'published',
				body: 'Réponse de quelqu’un d’autre'
			});
		});

	it('takes their words out of the quotes of others’ answers when their messages go', () => {
		const zoe = account(NAME, EMAIL);
		const other = account('Other Person', 'other@example.org');
		const onEvent = { kind: 'event', id: eventId } as const;
		const first = messages.post(db, zoe, onEvent, {
			body: 'Des mots secrets de Zoé',
			locale: 'fr'
		});
		const answer = messages.post(db, other, onEvent, {
			body: 'Je réponds',
			locale: 'fr',
			replyTo: first.id,
			quote: 'mots secrets'
		});
		erase(db, zoe.id, { messages: 'delete' });
		expect(
			db.$client.prepare('select body, quote from messages where id = ?').get(answer.id)
		).toEqual({ body: 'Je réponds', quote: null });
		expect(everything()).not.toContain('mots secrets');
	});

	it('keeps the quotes of their words when their messages are kept', () => {
		const zoe = account(NAME, EMAIL);
		const other = account('Other Person', 'other@example.org');
		const onEvent = { kind: 'event', id: eventId } as const;
		const first = messages.post(db, zoe, onEvent, { body: 'Des mots gardés', locale: 'fr' });
		const answer = messages.post(db, other, onEvent, {
			body: 'Je réponds',
			locale: 'fr',
			replyTo: first.id,
			quote: 'mots gardés'
		});
		erase(db, zoe.id, { messages: 'keep' });
		expect(db.$client.prepare('select quote from messages where id = ?').get(answer.id)).toEqual({
			quote: 'mots gardés'
		});
	});

	it('refuses to erase the last admin, and erases one of two', () => {
		const admin = account('Admin One', 'admin1@example.org', 'admin');
		expect(() => erase(db, admin.id, { messages: 'keep' })).toThrow(LastAdminError);
		expect(exportOf(db, admin.id)).not.toBeNull();
		const second = account('Admin Two', 'admin2@example.org', 'admin');
		erase(db, admin.id, { messages: 'keep' });
		expect(exportOf(db, admin.id)).toBeNull();
		expect(() => erase(db, second.id, { messages: 'delete' })).toThrow(LastAdminError);
	});
});
