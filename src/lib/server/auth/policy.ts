import type { Role } from '../db/schema';

/*
 * Who may do what to which thing, in one place. Pure: no database, no request. The hook and
 * guard.requireRole only say who is asking and keep visitors out of whole areas; the domain
 * functions that change things (content/events.ts, content/posts.ts, accounts) ask `authorize`
 * before they write, so no route can forget a rule.
 */

/** Who acts: an account, or the hub itself (`id: null`: the seed, the command line). */
export type Actor = { id: number | null; role: Role };

/** The hub acting on its own behalf (seed, command line): an admin that no account is. */
export const SYSTEM: Actor = Object.freeze({ id: null, role: 'admin' });

export type ContentAction =
	| 'create'
	| 'edit'
	| 'publish'
	| 'unpublish'
	| 'cancel'
	| 'reinstate'
	| 'archive'
	| 'unarchive'
	| 'restore';

export type Action =
	| ContentAction
	| 'manage'
	| 'write'
	| 'close'
	| 'pin'
	| 'edit-message'
	| 'delete-message'
	| 'moderate'
	| 'hold-member'
	| 'release-member'
	| 'ban-member'
	| 'trust-member'
	| 'flag-message';

export type Thing =
	| { type: 'event'; id?: number }
	| { type: 'post'; id?: number }
	| { type: 'accounts' }
	/** The word lists that block or hold messages: admins manage them. */
	| { type: 'word-rules' }
	/** A forum discussion: members write in it while it is open; moderators close and pin. */
	| { type: 'discussion'; closed: boolean }
	/** A forum message: its author may edit or delete it; a moderator may delete it. */
	| { type: 'message'; authorId: number | null }
	/** An account a moderator acts on: holds, bans, trusts (and lifts). */
	| { type: 'member'; id: number; role: Role };

const RANK: Record<Role, number> = { member: 0, organiser: 1, admin: 2 };

const EVENT_ACTIONS: readonly ContentAction[] = [
	'create',
	'edit',
	'publish',
	'cancel',
	'reinstate',
	'archive',
	'unarchive',
	'restore'
];
const POST_ACTIONS: readonly ContentAction[] = [
	'create',
	'edit',
	'publish',
	'unpublish',
	'archive',
	'unarchive',
	'restore'
];

/**
 * The least role that may do `action` to `thing`, or null when no role may (an action the
 * thing does not have). Bringing back what was archived is an admin's decision; moderators
 * are organisers.
 */
export function roleFor(action: Action, thing: Thing): Role | null {
	switch (thing.type) {
		case 'event':
		case 'post': {
			const allowed = thing.type === 'event' ? EVENT_ACTIONS : POST_ACTIONS;
			if (!(allowed as readonly string[]).includes(action)) return null;
			return action === 'unarchive' ? 'admin' : 'organiser';
		}
		case 'accounts':
		case 'word-rules':
			return action === 'manage' ? 'admin' : null;
		case 'discussion':
			if (action === 'write') return thing.closed ? null : 'member';
			return action === 'close' || action === 'pin' ? 'organiser' : null;
		case 'message':
			// Editing is its author's alone (can, below): no role rewrites another's words.
			if (action === 'flag-message') return 'member';
			return action === 'delete-message' || action === 'moderate' ? 'organiser' : null;
		case 'member':
			if (
				action !== 'hold-member' &&
				action !== 'release-member' &&
				action !== 'ban-member' &&
				action !== 'trust-member'
			)
				return null;
			// Organisers' messages are never held: a hold on one would be a decision with no effect.
			if (action === 'hold-member' && thing.role !== 'member') return null;
			// Organisers answer to admins: only an admin restrains one (or another admin).
			return thing.role === 'member' ? 'organiser' : 'admin';
	}
}

/** Whether `actor` may do `action` to `thing`. */
export function can(actor: Actor | null, action: Action, thing: Thing): boolean {
	if (!actor) return false;
	// Only an account writes or reports: a message or a report always has someone to answer for it.
	if ((action === 'write' || action === 'flag-message') && actor.id === null) return false;
	// Anyone may edit or delete their own message, whatever their role.
	if (
		(action === 'edit-message' || action === 'delete-message') &&
		thing.type === 'message' &&
		actor.id !== null &&
		thing.authorId === actor.id
	)
		return true;
	// Nobody restrains (or vouches for) themselves: another moderator has to.
	if (thing.type === 'member' && actor.id !== null && thing.id === actor.id) return false;
	// Reporting is about someone else's words: one's own are edited or deleted instead.
	if (action === 'flag-message' && thing.type === 'message' && thing.authorId === actor.id)
		return false;
	const role = roleFor(action, thing);
	return role !== null && RANK[actor.role] >= RANK[role];
}

/** Refused by the policy: the form action answers 403 with a message on the page. */
export class Forbidden extends Error {
	/** The least role the action needs, when one could (null: none can). */
	readonly needs: Role | null;
	constructor(
		readonly action: Action,
		readonly thing: Thing
	) {
		super(`Forbidden: ${action} ${thing.type}`);
		this.name = 'Forbidden';
		this.needs = roleFor(action, thing);
	}
}

/** Throws Forbidden unless `actor` may do `action` to `thing`. */
export function authorize(actor: Actor | null, action: Action, thing: Thing): void {
	if (!can(actor, action, thing)) throw new Forbidden(action, thing);
}
