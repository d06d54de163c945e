import * as mail from '$lib/server/forms/mail';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => mail.newPasswordPage(event);

export const actions = { default: mail.setNewPassword } satisfies Actions;
