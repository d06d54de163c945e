import { fail } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { config, database } from '../app';
import * as traps from '../abuse/traps';

/*
 * The traps of the sign-up and message forms, as their actions use them: judged before
 * anything is read or written, a caught form counted and answered like a saved one.
 */

/** What the form's traps say: go on, answer as if saved (nothing saved), or a stale form. */
export type Screened = 'pass' | 'trapped' | 'stale';

/** Judges a sent form; `form` names it in the counts (`join`, `message`, `topic`, `edit`). */
export function screen(data: FormData, form: string, now = Date.now()): Screened {
	const db = database();
	const verdict = traps.judge(db, data, now, config().abuse.formMinSeconds);
	if (verdict.ok) return 'pass';
	if ('stale' in verdict) return 'stale';
	traps.trap(db, `${form}.${verdict.trap}`, now);
	return 'trapped';
}

/** A fresh signed moment for a page's forms (layout data `formToken`). */
export function formToken(now = Date.now()): string {
	return traps.issue(database(), now);
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
