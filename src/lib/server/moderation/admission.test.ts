import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/policy';
import * as events from '../content/events';
import type { Db } from '../db';
import * as messages from '../forum/messages';
import { memoryDb } from '../testing/db';
import { eventInput } from '../testing/factories';
import { member } from '../testing/forum';
import { AdmissionRefused, NEW_MEMBER_MAX_LINKS } from './admission';

let db: Db;
let eventId: number;

beforeEach(() => {
	db = memoryDb();
	eventId = events.create(db, eventInput()).id;
});

/** A published message by `author`, as if a moderator had approved it. */
function published(author: Actor, body = 'Bonjour à tous'): number {
	const { id } = messages.post(
		db,
		author,
		{ kind: 'event', id: eventId },
		{ body, locale: 'fr' },
		1
	);
	db.$client
		.prepare("update messages set state = 'published', moderation_reason = null where id = ?")
		.run(id);
	return id;
}

const row = (id: number) =>
	db.$client
		.prepare('select state, moderation_reason, body from messages where id = ?')
		.get(id) as {
		state: string;
		moderation_reason: string | null;
		body: string;
	};

const links = (n: number) =>
	Array.from({ length: n }, (_, i) => `https://example${i}.org/page`).join(' ');

describe('editing a published message', () => {
	it('sends it back to the queue when its author is on hold', () => {
		const author = member(db, 'Alice');
		const id = published(author);
		db.$client.prepare('update accounts set held_at = 5 where id = ?').run(author.id);
		messages.edit(db, author, id, { body: 'Tout autre chose', locale: 'fr' }, 10);
		expect(row(id)).toEqual({
			state: 'held',
			moderation_reason: 'on_hold',
			body: 'Tout autre chose'
		});
	});

	it('sends it back to the queue when its author is a new member', () => {
		const author = member(db, 'Bob', 'member', { fresh: true });
		const id = published(author);
		messages.edit(db, author, id, { body: 'Tout autre chose', locale: 'fr' }, 10);
		expect(row(id)).toMatchObject({ state: 'held', moderation_reason: 'new_member' });
	});

	it("refuses a new member's edit with too many links, and changes nothing", () => {
		const author = member(db, 'Chloé', 'member', { fresh: true });
		const id = published(author);
		let refusal: unknown;
		try {
			messages.edit(db, author, id, { body: links(NEW_MEMBER_MAX_LINKS + 1), locale: 'fr' }, 10);
		} catch (error) {
			refusal = error;
		}
		expect(refusal).toBeInstanceOf(AdmissionRefused);
		expect((refusal as AdmissionRefused).reason).toBe('too_many_links');
		expect(row(id)).toEqual({
			state: 'published',
			moderation_reason: null,
			body: 'Bonjour à tous'
		});
	});

	it('refuses a banned member', () => {
		const author = member(db, 'Dan');
		const id = published(author);
		db.$client.prepare('update accounts set banned_at = 5 where id = ?').run(author.id);
		expect(() => messages.edit(db, author, id, { body: 'Autre', locale: 'fr' }, 10)).toThrow(
			AdmissionRefused
		);
		expect(row(id).body).toBe('Bonjour à tous');
	});

	it("keeps a trusted member's edit published, links and all, and a held message held", () => {
		const trusted = member(db, 'Eve');
		const id = published(trusted);
		messages.edit(db, trusted, id, { body: links(NEW_MEMBER_MAX_LINKS + 1), locale: 'fr' }, 10);
		expect(row(id)).toMatchObject({ state: 'published', moderation_reason: null });
		const fresh = member(db, 'Fanny', 'member', { fresh: true });
		const held = messages.post(
			db,
			fresh,
			{ kind: 'event', id: eventId },
			{ body: 'Premier message', locale: 'fr' },
			1
		).id;
		expect(row(held)).toMatchObject({ state: 'held', moderation_reason: 'new_member' });
		messages.edit(db, fresh, held, { body: 'Premier message, corrigé', locale: 'fr' }, 10);
		expect(row(held)).toMatchObject({ state: 'held', body: 'Premier message, corrigé' });
	});
});
