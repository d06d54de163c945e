import { fail } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { config, database } from '../app';
import type { Db } from '../db';
import * as traps from '../abuse/traps';
import { ISSUED_FIELD } from '../abuse/traps';

/*
 * The traps of the sign-up and message forms, as their actions use them: judged before
 * anything is read or written, a caught form counted and answered like a saved one. The
 * sign-up form's moments are its own; the members' message forms (message, topic, edit) share
 * the layout's.
 */

/** What the form's traps say: go on, answer as if saved (nothing saved), or a stale form. */
export type Screened = 'pass' | 'trapped' | 'stale';

/** The form a handed-out moment opens: the sign-up form, or any of a member's message forms. */
const kindOf = (form: string): traps.FormKind => (form === 'join' ? 'join' : 'message');

/** Judges a sent form; `form` names it in the counts (`join`, `message`, `topic`, `edit`). */
export function screen(data: FormData, form: string, now = Date.now()): Screened {
	const db = database();
	const verdict = traps.judge(db, kindOf(form), data, now, config().abuse.formMinSeconds);
	if (verdict.ok) return 'pass';
	if ('stale' in verdict) return 'stale';
	traps.trap(db, `${form}.${verdict.trap}`, now);
	return 'trapped';
}

/** The form's moment already saved something: a script sending one form again and again. */
export class Replayed extends Error {
	constructor() {
		super('Form already sent');
		this.name = 'Replayed';
	}
}

/**
 * Spends the form's moment in `db`'s open transaction (the one that saves what it sent);
 * throws Replayed when it was spent already. Call `replayed` once that transaction is undone.
 */
export function spendIn(db: Db, data: FormData, form: string, now: number): void {
	const raw = data.get(ISSUED_FIELD);
	if (!traps.spend(db, kindOf(form), typeof raw === 'string' ? raw : '', now)) throw new Replayed();
}

/** Counts a replayed form, outside the transaction its replay undid. */
export function replayed(form: string, now = Date.now()): void {
	traps.trap(database(), `${form}.replayed`, now);
}

/**
 * Saves what a screened form sent with `save`, its moment spent in the same transaction: a
 * form refused (a typo, a limit) can be sent again; one that saved something cannot, and
 * throws Replayed (counted) without saving anything.
 */
export function saving<T>(data: FormData, form: string, save: () => T, now = Date.now()): T {
	const db = database();
	try {
		return db.$client
			.transaction(() => {
				spendIn(db, data, form, now);
				return save();
			})
			.immediate();
	} catch (caught) {
		if (caught instanceof Replayed) replayed(form, now);
		throw caught;
	}
}

/** A fresh signed moment for a page's forms (layout data `formToken`; the join page's own). */
export function formToken(form: 'join' | 'message' = 'message', now = Date.now()): string {
	return traps.issue(database(), form, now);
}

/**
 * A form opened more than a day ago: a person who left a tab open, told so on `field` with
 * what they typed kept and a fresh moment for the next try.
 */
export function staleRefusal(values: Record<string, string>, field: string) {
	return fail(400, {
		values,
		errors: { [field]: m.abuse_form_stale() } as Record<string, string>,
		message: m.form_has_errors(),
		formToken: formToken()
	});
}
