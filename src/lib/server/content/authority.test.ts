import { describe, expect, it } from 'vitest';
import { Forbidden, type Actor } from '../auth/policy';
import * as events from './events';
import * as posts from './posts';
import * as revisions from './revisions';
import { memoryDb } from '../testing/db';

/* The domain functions that change content ask the policy themselves, before writing anything. */

const member: Actor = { id: null, role: 'member' };
const organiser: Actor = { id: null, role: 'organiser' };
const admin: Actor = { id: null, role: 'admin' };

const input: events.EventInput = {
	slug: 'forum',
	allDay: true,
	start: '2031-06-19',
	end: '2031-06-20',
	timeZone: 'Europe/Brussels',
	texts: { fr: { title: 'Forum' } }
};

describe('content and the policy', () => {
	it('lets an organiser make and change an event, and no member, writing nothing when refused', () => {
		const db = memoryDb();
		expect(() => events.create(db, input, { actor: member })).toThrow(Forbidden);
		expect(events.listAll(db)).toEqual([]);
		const created = events.create(db, input, { actor: organiser });
		expect(() => events.edit(db, created.id, { ...input, host: 'Moi' }, { actor: member })).toThrow(
			Forbidden
		);
		expect(() => events.changeState(db, created.id, 'cancel', { actor: member })).toThrow(
			Forbidden
		);
		expect(events.findById(db, created.id)).toMatchObject({
			version: 1,
			host: null,
			status: 'scheduled'
		});
		expect(revisions.listRevisions(db, 'event', created.id)).toHaveLength(1);
		expect(events.changeState(db, created.id, 'cancel', { actor: organiser }).changed).toBe(true);
	});

	it('leaves bringing back an archived event or post to admins', () => {
		const db = memoryDb();
		const event = events.create(db, input, { actor: organiser });
		events.setArchived(db, event.id, true, { actor: organiser });
		expect(() => events.setArchived(db, event.id, false, { actor: organiser })).toThrow(
			expect.objectContaining({ needs: 'admin' })
		);
		expect(events.findById(db, event.id)!.archivedAt).not.toBeNull();
		expect(events.setArchived(db, event.id, false, { actor: admin }).archivedAt).toBeNull();

		const post = posts.create(
			db,
			{ kind: 'article', texts: { fr: { title: 'Article' } } },
			{ actor: organiser }
		);
		posts.setArchived(db, post.id, true, { actor: organiser });
		expect(() => posts.setArchived(db, post.id, false, { actor: organiser })).toThrow(Forbidden);
		expect(posts.setArchived(db, post.id, false, { actor: admin }).archivedAt).toBeNull();
		expect(() => posts.changeState(db, post.id, 'publish', { actor: member })).toThrow(Forbidden);
	});
});
