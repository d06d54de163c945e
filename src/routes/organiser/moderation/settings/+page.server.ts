import { database } from '$lib/server/app';
import * as guard from '$lib/server/auth/guard';
import * as moderation from '$lib/server/forms/moderation';
import * as settings from '$lib/server/moderation/settings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	guard.requireRole('admin');
	return { settings: settings.read(database()), done: moderation.doneOf(url) };
};

export const actions = { default: moderation.saveSettings } satisfies Actions;
