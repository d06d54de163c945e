import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { database } from '../app';
import * as guard from '../auth/guard';
import { can } from '../auth/policy';
import { defaultMessageLocale } from '../forum/locale';
import * as forum from '../views/forum';

/*
 * What the reply, edit and delete pages load: the message, where it is read, and whether the
 * member asking may do that to it (a 403 page otherwise, before any form is shown).
 */

type Purpose = 'reply' | 'edit' | 'delete';

const allowedTo = (purpose: Purpose, may: { reply: boolean; edit: boolean; delete: boolean }) =>
	may[purpose];

export function messagePage(params: { id: string }, locals: App.Locals, purpose: Purpose) {
	const account = guard.requireAccount(locals);
	const actor = { id: account.id, role: account.role };
	const context = forum.messageContext(database(), Number(params.id), actor, getLocale());
	if (!context) error(404, m.not_found_title());
	const { view } = context;
	// A closed discussion's reply page says so itself, and keeps what was typed when it was posted.
	const closedReply = purpose === 'reply' && context.discussion.closed;
	if (!allowedTo(purpose, view.can) && !closedReply) {
		if (purpose === 'reply') error(409, m.forum_not_changeable());
		const thing = { type: 'message', authorId: context.message.authorId } as const;
		const owns = can(actor, purpose === 'edit' ? 'edit-message' : 'delete-message', thing);
		// Theirs, but deleted or in a closed discussion: not a matter of permission, said as such.
		error(owns ? 409 : 403, owns ? m.forum_not_changeable() : m.not_allowed());
	}
	return {
		message: view,
		discussion: context.discussion,
		/** The stored text and language, for the edit form and the quote. */
		source: {
			body: context.message.body,
			locale: context.message.locale
		},
		defaultLocale: defaultMessageLocale(account),
		closed: context.discussion.closed
	};
}
