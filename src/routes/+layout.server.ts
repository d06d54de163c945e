import { publicOrigin } from '$lib/server/app';
import * as formTraps from '$lib/server/forms/traps';
import type { LayoutServerLoad } from './$types';

// The header names who is logged in: only the name, and only to them (their pages are never cached).
export const load: LayoutServerLoad = ({ url, locals }) => ({
	origin: publicOrigin(url),
	account: locals.account ? { name: locals.account.name } : null,
	// Members' forms carry the moment they were handed out (abuse/traps.ts); visitors' pages, no form.
	formToken: locals.account ? formTraps.formToken('message') : null
});
