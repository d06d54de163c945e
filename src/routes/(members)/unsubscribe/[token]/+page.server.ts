import * as notificationActions from '$lib/server/forms/notification-actions';
import type { Actions, PageServerLoad } from './$types';

// No sign-in: the token is the proof. Its POST also takes mail clients' one-click (RFC 8058),
// which carries no Origin of ours: hooks.server.ts `sameOriginForms` lets this route alone through.
export const load: PageServerLoad = (event) => notificationActions.unsubscribePage(event);

export const actions = { default: notificationActions.stopEmails } satisfies Actions;
