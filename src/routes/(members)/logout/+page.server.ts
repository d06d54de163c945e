import { href } from '$lib/i18n';
import * as members from '$lib/server/forms/members';
import type { Actions, PageServerLoad } from './$types';

// A GET changes nothing (a link, a prefetch or an image must not log anyone out): it shows the button.
export const load: PageServerLoad = ({ locals }) => ({ name: locals.account?.name ?? null });

export const actions = {
	default: (event) => members.logout(event, href('/'))
} satisfies Actions;
