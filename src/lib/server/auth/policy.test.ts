import { describe, expect, it } from 'vitest';
import { authorize, can, Forbidden, SYSTEM, type Actor, type ContentAction } from './policy';

const member: Actor = { id: 1, role: 'member' };
const organiser: Actor = { id: 2, role: 'organiser' };
const admin: Actor = { id: 3, role: 'admin' };

describe('policy', () => {
	const eventActions: ContentAction[] = [
		'create',
		'edit',
		'publish',
		'cancel',
		'reinstate',
		'archive',
		'restore'
	];
	const postActions: ContentAction[] = [
		'create',
		'edit',
		'publish',
		'unpublish',
		'archive',
		'restore'
	];

	it('lets organisers and admins change events and posts, and no member or visitor', () => {
		for (const action of eventActions) {
			expect(
				[null, member, organiser, admin].map((a) => can(a, action, { type: 'event', id: 1 }))
			).toEqual([false, false, true, true]);
		}
		for (const action of postActions) {
			expect([null, member, organiser, admin].map((a) => can(a, action, { type: 'post' }))).toEqual(
				[false, false, true, true]
			);
		}
	});

	it('leaves bringing back what was archived to admins', () => {
		for (const type of ['event', 'post'] as const) {
			expect([member, organiser, admin].map((a) => can(a, 'unarchive', { type }))).toEqual([
				false,
				false,
				true
			]);
		}
	});

	it('refuses an action the thing does not have, to everyone', () => {
		expect(can(admin, 'cancel', { type: 'post' })).toBe(false);
		expect(can(admin, 'unpublish', { type: 'event' })).toBe(false);
		expect(can(admin, 'edit', { type: 'accounts' })).toBe(false);
	});

	it('leaves managing accounts to admins', () => {
		expect(
			[null, member, organiser, admin].map((a) => can(a, 'manage', { type: 'accounts' }))
		).toEqual([false, false, false, true]);
	});

	it("lets only a message's author edit it; moderators (organisers, admins) delete and moderate any", () => {
		const own = { type: 'message', authorId: member.id } as const;
		const other = { type: 'message', authorId: 99 } as const;
		expect(can(member, 'edit-message', own)).toBe(true);
		expect(can(member, 'edit-message', other)).toBe(false);
		expect(can(member, 'moderate', own)).toBe(false);
		// Words under a name are that person's: no role rewrites them.
		expect(can(organiser, 'edit-message', other)).toBe(false);
		expect(can(admin, 'edit-message', other)).toBe(false);
		expect(can(member, 'delete-message', own)).toBe(true);
		expect(can(member, 'delete-message', other)).toBe(false);
		expect(can(organiser, 'delete-message', other)).toBe(true);
		expect(can(organiser, 'moderate', other)).toBe(true);
		expect(can(admin, 'moderate', other)).toBe(true);
		// A message whose author is gone belongs to no one but the moderators.
		expect(
			can({ id: null, role: 'member' }, 'edit-message', { type: 'message', authorId: null })
		).toBe(false);
		expect(can(null, 'edit-message', other)).toBe(false);
	});

	it('lets the hub itself (seed, command line) do anything an admin may', () => {
		expect(can(SYSTEM, 'unarchive', { type: 'event' })).toBe(true);
		expect(can(SYSTEM, 'manage', { type: 'accounts' })).toBe(true);
	});

	it('throws Forbidden, saying the role the action needs', () => {
		expect(() => authorize(admin, 'unarchive', { type: 'post' })).not.toThrow();
		let thrown: unknown;
		try {
			authorize(organiser, 'unarchive', { type: 'post', id: 4 });
		} catch (e) {
			thrown = e;
		}
		expect(thrown).toBeInstanceOf(Forbidden);
		expect(thrown).toMatchObject({
			action: 'unarchive',
			thing: { type: 'post', id: 4 },
			needs: 'admin'
		});
		expect(() => authorize(member, 'edit', { type: 'event' })).toThrow(Forbidden);
	});
});

describe('acting on members', () => {
	const on = (id: number, role: Actor['role']) => ({ type: 'member', id, role }) as const;
	it('lets moderators restrain members, only admins organisers, and nobody themselves', () => {
		for (const action of ['hold-member', 'release-member', 'ban-member', 'trust-member'] as const) {
			expect([null, member, organiser, admin].map((a) => can(a, action, on(9, 'member')))).toEqual([
				false,
				false,
				true,
				true
			]);
			expect([organiser, admin].map((a) => can(a, action, on(9, 'organiser')))).toEqual([
				false,
				action !== 'hold-member'
			]);
			expect(can(organiser, action, on(organiser.id!, 'organiser'))).toBe(false);
			expect(can(admin, action, on(admin.id!, 'admin'))).toBe(false);
			expect(can(admin, action, on(8, 'admin'))).toBe(action !== 'hold-member');
		}
		expect(can(admin, 'moderate', on(9, 'member'))).toBe(false);
	});

	it('refuses to hold an organiser or an admin (their messages are never held), even to admins', () => {
		for (const role of ['organiser', 'admin'] as const) {
			expect(can(admin, 'hold-member', on(9, role))).toBe(false);
			expect(() => authorize(admin, 'hold-member', on(9, role))).toThrow(Forbidden);
			// Banning one stays an admin's decision; releasing an old hold stays possible.
			expect(can(admin, 'ban-member', on(9, role))).toBe(true);
			expect(can(admin, 'release-member', on(9, role))).toBe(true);
		}
	});
});
