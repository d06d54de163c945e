import { redirect } from '@sveltejs/kit';
import { database } from '$lib/server/app';
import * as auth from '$lib/server/auth/sessions';
import * as guard from '$lib/server/auth/guard';
import { href } from '$lib/i18n';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ locals, cookies }) => {
	guard.requireAccount(locals);
	if (locals.sessionToken) auth.endSession(database(), locals.sessionToken);
	cookies.delete(auth.SESSION_COOKIE, { path: '/' });
	redirect(303, href('/organiser/login'));
};
