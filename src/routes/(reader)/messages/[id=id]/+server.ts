import { error, redirect } from '@sveltejs/kit';
import { database } from '$lib/server/app';
import * as forum from '$lib/server/views/forum';
import * as m from '$lib/paraglide/messages';
import type { RequestHandler } from './$types';

/** A message's permalink: to the page of its discussion that shows it, at its place. */
export const GET: RequestHandler = ({ params, locals }) => {
	const account = locals.account;
	const location = forum.messageLocation(
		database(),
		Number(params.id),
		account ? { id: account.id, role: account.role } : null
	);
	if (!location) error(404, m.not_found_title());
	redirect(303, location);
};
