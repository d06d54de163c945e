import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { HUB_TIME_ZONE } from '$lib/content';
import { href } from '$lib/i18n';
import * as m from '$lib/paraglide/messages';
import { zonedTimeToUtc } from '$lib/time';
import { database } from '../app';
import * as guard from '../auth/guard';
import { Forbidden, type Actor } from '../auth/policy';
import * as actions from '../moderation/actions';
import * as log from '../moderation/log';
import * as members from '../moderation/members';
import * as settings from '../moderation/settings';

/*
 * The moderation pages' form actions. Each asks for an organiser itself, decides through the
 * moderation modules (which check the policy again), and answers 303 back to the queue with
 * what was done; a refusal keeps what was typed and says why in the reader's language.
 */

export const QUEUE = '/organiser/moderation';

/** What the queue's notice says after a 303 (`?done=`). */
export const DONE = [
	'approve',
	'hide',
	'restore',
	'delete',
	'close',
	'reopen',
	'hold',
	'release',
	'ban',
	'unban',
	'trust',
	'settings'
] as const;
export type Done = (typeof DONE)[number];

export function doneOf(url: URL): Done | null {
	const done = url.searchParams.get('done');
	return (DONE as readonly string[]).includes(done ?? '') ? (done as Done) : null;
}

function actorOf(): Actor {
	const account = guard.requireRole('organiser');
	return { id: account.id, role: account.role };
}

/** A positive id from the form, or null: a forged form gets "no longer exists", nothing changes. */
function idOf(form: FormData, name: string): number | null {
	const raw = String(form.get(name) ?? '');
	return /^[1-9]\d{0,15}$/.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : null;
}

/** A field as typed, bounded: a 16 KB "reason" is refused for its length, only a form's worth handed back. */
const typed = (form: FormData, name: string) => String(form.get(name) ?? '').slice(0, 2000);

function back(done: Done, page: string | null = null): never {
	const query = new URLSearchParams({ done });
	// Back to the page of the queue the moderator was on (the first needs no parameter).
	if (page && /^[1-9]\d{0,5}$/.test(page) && page !== '1') query.set('page', page);
	redirect(303, `${href(QUEUE)}?${query}`);
}

/** What a refusal says: one message for the page, and the field's own when it is about one. */
function refused(
	error: unknown,
	key: string,
	values: Record<string, string> = {},
	fields: Partial<Record<string, string>> = {}
) {
	if (error instanceof Forbidden)
		return fail(403, { key, values, message: m.mod_error_forbidden() });
	if (error instanceof actions.ModerationError || error instanceof members.StandingError) {
		const field = {
			reason_required: m.mod_error_reason_required(),
			reason_too_long: m.mod_error_reason_too_long({ max: members.MAX_REASON_LENGTH }),
			until_past: m.mod_error_until_invalid()
		}[error.code as string];
		if (field)
			return fail(400, {
				key,
				values,
				errors: { [fields[error.code] ?? key]: field },
				message: field
			});
		return fail(error.code === 'not_found' ? 404 : 409, {
			key,
			values,
			message:
				error.code === 'not_found'
					? m.mod_error_gone()
					: error.code === 'changed'
						? m.mod_error_changed()
						: error.code === 'held'
							? m.mod_error_held_not_hidden()
							: m.mod_error_not_waiting()
		});
	}
	throw error;
}

type MessageAct = (actor: Actor, id: number, form: FormData) => void;

function onMessage(act: MessageAct, done: Done) {
	return async ({ request }: RequestEvent) => {
		const actor = actorOf();
		const form = await request.formData();
		const id = idOf(form, 'message');
		const key = `reason-${id ?? 0}`;
		const values = { [key]: typed(form, 'reason') };
		if (id === null) return fail(404, { key, values, message: m.mod_error_gone() });
		try {
			act(actor, id, form);
		} catch (error) {
			return refused(error, key, values);
		}
		back(done, String(form.get('page') ?? ''));
	};
}

type MemberAct = (actor: Actor, id: number, form: FormData) => void;

function onMember(act: MemberAct, done: Done) {
	return async ({ request }: RequestEvent) => {
		const actor = actorOf();
		const form = await request.formData();
		const id = idOf(form, 'member');
		const key = `member-${id ?? 0}`;
		const values = {
			[`${key}-reason`]: typed(form, 'reason'),
			[`${key}-until`]: typed(form, 'until'),
			// Which form was sent: a member has a hold and a ban form, each with a reason.
			[`${key}-act`]: done
		};
		if (id === null) return fail(404, { key, values, message: m.mod_error_gone() });
		try {
			act(actor, id, form);
		} catch (error) {
			return refused(error, key, values, {
				until_past: `${key}-until`,
				reason_too_long: `${key}-reason`
			});
		}
		back(done, String(form.get('page') ?? ''));
	};
}

/** A ban's end date: the start of that day in the hub's zone; empty: for good. */
export function untilOf(raw: string, now: number): number | null {
	const value = raw.trim();
	if (value === '') return null;
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	const date = match && new Date(`${value}T12:00:00Z`);
	if (!match || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value)
		throw new members.StandingError('until_past');
	const at = zonedTimeToUtc(value, '00:00', HUB_TIME_ZONE);
	if (at <= now) throw new members.StandingError('until_past');
	return at;
}

const db = () => database();

/**
 * The version of the message the moderator saw, sent with the decision. A form without one
 * (forged, or from a page older than this field) is refused as "changed": look again.
 */
function versionOf(form: FormData): number {
	const raw = String(form.get('version') ?? '');
	if (!/^[1-9]\d{0,8}$/.test(raw)) throw new actions.ModerationError('changed');
	return Number(raw);
}

/** The queue's actions, by button. */
export const queueActions = {
	approve: onMessage(
		(actor, id, form) => actions.approve(db(), actor, id, versionOf(form)),
		'approve'
	),
	hide: onMessage(
		(actor, id, form) => actions.hide(db(), actor, id, String(form.get('reason') ?? '')),
		'hide'
	),
	restore: onMessage(
		(actor, id, form) => actions.restore(db(), actor, id, versionOf(form)),
		'restore'
	),
	// Deleting is the one decision that cannot be taken back: asked first, as members are.
	delete: async (event: RequestEvent) => {
		actorOf();
		const form = await event.request.clone().formData();
		const id = idOf(form, 'message');
		if (id !== null && form.get('confirmed') !== '1') return { confirm: id };
		return onMessage((actor, found) => actions.remove(db(), actor, found), 'delete')(event);
	},
	close: onMessage((actor, id, form) => {
		const discussion = idOf(form, 'discussion');
		if (discussion === null) throw new actions.ModerationError('not_found');
		actions.setClosed(db(), actor, discussion, true);
	}, 'close'),
	reopen: onMessage((actor, id, form) => {
		const discussion = idOf(form, 'discussion');
		if (discussion === null) throw new actions.ModerationError('not_found');
		actions.setClosed(db(), actor, discussion, false);
	}, 'reopen'),
	hold: onMember(
		(actor, id, form) => members.setHeld(db(), actor, id, true, String(form.get('reason') ?? '')),
		'hold'
	),
	release: onMember((actor, id) => members.setHeld(db(), actor, id, false), 'release'),
	ban: onMember((actor, id, form) => {
		const now = Date.now();
		members.ban(
			db(),
			actor,
			id,
			{
				reason: String(form.get('reason') ?? ''),
				until: untilOf(String(form.get('until') ?? ''), now)
			},
			now
		);
	}, 'ban'),
	unban: onMember((actor, id) => members.unban(db(), actor, id), 'unban'),
	trust: onMember((actor, id) => members.trust(db(), actor, id), 'trust')
};

/** The admins' settings form: what was typed, checked; errors keep it. */
export async function saveSettings({ request }: RequestEvent) {
	const admin = guard.requireRole('admin');
	const form = await request.formData();
	const values = {
		heldFirstMessages: String(form.get('heldFirstMessages') ?? '')
			.trim()
			.slice(0, 20),
		altchaOnSignUp: form.get('altchaOnSignUp') === 'on'
	};
	const held = Number(values.heldFirstMessages);
	if (
		!/^\d{1,2}$/.test(values.heldFirstMessages) ||
		held < 0 ||
		held > settings.MAX_HELD_FIRST_MESSAGES
	)
		return fail(400, {
			values,
			errors: { heldFirstMessages: m.mod_error_held_range() },
			message: m.form_has_errors()
		});
	const database_ = db();
	const before = settings.read(database_);
	const after = { heldFirstMessages: held, altchaOnSignUp: values.altchaOnSignUp };
	database_.$client.transaction(() => {
		settings.write(database_, after);
		log.record(database_, {
			actor: { id: admin.id, role: admin.role },
			action: 'settings_changed',
			snapshot: { before, after }
		});
	})();
	redirect(303, `${href('/organiser/moderation/settings')}?done=settings`);
}
