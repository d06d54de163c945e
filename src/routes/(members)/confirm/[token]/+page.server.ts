import * as mail from '$lib/server/forms/mail';
import type { Actions, PageServerLoad } from './$types';

// Looking at the page uses nothing: mail scanners follow links, only the button confirms.
export const load: PageServerLoad = (event) => mail.confirmPage(event);

export const actions = { default: mail.confirmEmail } satisfies Actions;
