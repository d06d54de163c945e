import { fail, redirect } from '@sveltejs/kit';
import { database } from '$lib/server/app';
import * as auth from '$lib/server/auth/sessions';
import { href } from '$lib/i18n';
import * as m from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

/**
 * Only a path inside our own organiser area: never an open redirect to another site. In the
 * language of the login page, which they may have switched since being sent there.
 */
function safeTarget(value: string | null): string {
	const inArea =
		value !== null &&
		/^\/(fr|en)\/organiser(\/[\w\-/.]*)?(\?[\w=&%.-]*)?$/.test(value) &&
		// No `.` or `..` segment, no empty one: `/fr/organiser/../../x` would resolve elsewhere.
		!/\/\.{1,2}(\/|\?|$)|\/\//.test(value);
	return inArea ? href(value.slice(3)) : href('/organiser');
}

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.account) redirect(303, safeTarget(url.searchParams.get('redirectTo')));
	return {};
};

export const actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = await request.formData();
		const email = String(form.get('email') ?? '').slice(0, 320);
		const password = String(form.get('password') ?? '');
		if (!email.trim() || !password) return fail(400, { email, message: m.login_missing() });
		const result = await auth.login(database(), { email, password, address: getClientAddress() });
		if (!result.ok) {
			return result.reason === 'rate_limited'
				? fail(429, { email, message: m.login_rate_limited() })
				: fail(400, { email, message: m.login_invalid() });
		}
		cookies.set(auth.SESSION_COOKIE, result.token, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: auth.secureCookie(url),
			expires: new Date(result.expiresAt)
		});
		redirect(303, safeTarget(url.searchParams.get('redirectTo')));
	}
} satisfies Actions;
