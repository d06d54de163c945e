import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { flagForm, type FlagFormValues } from '$lib/forms/flag';
import { href } from '$lib/i18n';
import { paths } from '$lib/paths';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import * as limits from '../abuse/limits';
import { database } from '../app';
import type { Account } from '../accounts/accounts';
import { Forbidden, type Actor } from '../auth/policy';
import * as flags from '../moderation/flags';
import * as forum from '../views/forum';

/*
 * The report page of a message (/messages/{id}/flag): the message in context, the reasons, and
 * after sending, the same page thanking the member (`?done=thanks`) with the way back to it.
 */

const DONE = ['thanks', 'already'] as const;
type Done = (typeof DONE)[number];

const doneOf = (url: URL): Done | null => {
	const done = url.searchParams.get('done');
	return (DONE as readonly string[]).includes(done ?? '') ? (done as Done) : null;
};

const flagLocation = (messageId: number, done: Done) =>
	`${href(paths.messageAction(messageId, 'flag'))}?done=${done}`;

/** What the report page loads; 403 for one's own message, 409 for one no longer reportable. */
export function flagPage(account: Account, id: number, url: URL) {
	const actor: Actor = { id: account.id, role: account.role };
	const context = forum.messageContext(database(), id, actor, getLocale());
	if (!context) error(404, m.not_found_title());
	const done = doneOf(url) ?? (flags.hasFlagged(database(), account.id, id) ? 'already' : null);
	if (!done && !context.view.can.flag) {
		if (context.message.authorId === account.id) error(403, m.flag_own());
		error(409, m.flag_not_flaggable());
	}
	return { message: context.view, discussion: context.discussion, done };
}

/** Sends the report; 303 to the page saying thank you (or that it was sent already). */
export async function flagMessage(account: Account, event: RequestEvent, messageId: number) {
	const values = flagForm.read(await event.request.formData());
	let outcome: flags.FlagOutcome;
	try {
		outcome = flags.flag(database(), { id: account.id, role: account.role }, messageId, values);
	} catch (caught) {
		return refused(event, caught, values);
	}
	redirect(303, flagLocation(messageId, outcome.outcome === 'already' ? 'already' : 'thanks'));
}

function refused(event: RequestEvent, caught: unknown, values: FlagFormValues) {
	if (caught instanceof flags.FlagInputError)
		return fail(400, {
			values,
			errors: flagForm.messages(caught.problems),
			message: m.form_has_errors()
		});
	if (caught instanceof flags.NotFlaggable) {
		if (caught.reason === 'not_found') error(404, m.not_found_title());
		return fail(409, { values, errors: {}, message: m.flag_not_flaggable() });
	}
	if (caught instanceof Forbidden) return fail(403, { values, errors: {}, message: m.flag_own() });
	if (caught instanceof limits.RateLimited) {
		event.setHeaders({ 'retry-after': String(caught.retryAfterSeconds) });
		return fail(429, {
			values,
			errors: {},
			message: m.flag_rate_limited({
				minutes: Math.max(1, Math.ceil(caught.retryAfterSeconds / 60))
			})
		});
	}
	throw caught;
}
