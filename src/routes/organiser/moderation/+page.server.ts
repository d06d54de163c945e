import { database } from '$lib/server/app';
import * as guard from '$lib/server/auth/guard';
import * as traps from '$lib/server/abuse/traps';
import * as moderation from '$lib/server/forms/moderation';
import * as views from '$lib/server/views/moderation';
import { pageNumber } from '$lib/server/views/reader';
import { getLocale } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const account = guard.requireRole('organiser');
	return {
		queue: views.queuePage(database(), getLocale(), {
			page: pageNumber(url.searchParams.get('page')),
			membersPage: pageNumber(url.searchParams.get('members'))
		}),
		done: moderation.doneOf(url),
		traps: traps.counts(database(), 7),
		isAdmin: account.role === 'admin',
		me: account.id
	};
};

export const actions = moderation.queueActions satisfies Actions;
