import { fail, redirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { joinForm, localeForm, loginForm, nameForm, passwordForm } from '$lib/forms/members';
import { href } from '$lib/i18n';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { HUB_TIME_ZONE } from '$lib/content';
import { formatPosted } from '$lib/format';
import { database } from '../app';
import * as accounts from '../accounts/accounts';
import * as auth from '../auth/sessions';
import * as guard from '../auth/guard';
import * as altcha from '../abuse/altcha';
import * as limits from '../abuse/limits';
import * as settings from '../moderation/settings';
import * as formTraps from './traps';

/*
 * The members' form actions: joining, logging in (the organiser login page shares it), logging
 * out and the account page. Every failure hands back what was typed, passwords excepted, with
 * a message per field in the reader's language; every success is a 303.
 */

const LONGEST_EMAIL = 320;

/** The session cookie: script cannot read it, other sites' forms cannot send it. */
function setSessionCookie(
	event: Pick<RequestEvent, 'cookies' | 'url'>,
	token: string,
	expiresAt: number
) {
	event.cookies.set(auth.SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: auth.secureCookie(event.url),
		expires: new Date(expiresAt)
	});
}

function forgetSessionCookie(cookies: Cookies) {
	cookies.delete(auth.SESSION_COOKIE, { path: '/' });
}

/**
 * Reader pages are public for a minute, so the browser keeps the visitor's copy of them: after
 * logging in or out it would show the page without (or with) the header's name. Told to drop
 * its cache of this site, it asks again, with the new cookie.
 */
function dropBrowserCache(event: Pick<RequestEvent, 'setHeaders'>) {
	event.setHeaders({ 'clear-site-data': '"cache"' });
}

/** Where the page asked to go back to, or `fallback`. */
function target(url: URL, fallback: string): string {
	return guard.afterLogin(url.searchParams.get('redirectTo'), fallback);
}

/** A logged-in visitor has nothing to do on the login or join page: on to where they were going. */
export function leaveIfLoggedIn(event: Pick<RequestEvent, 'locals' | 'url'>, fallback: string) {
	if (event.locals.account) redirect(303, target(event.url, fallback));
}

/**
 * Logs in with an email and password, under the login limits (sessions.ts), and goes to
 * `redirectTo` or `fallback`. The same for members and organisers: only the fallback differs.
 */
export async function login(event: RequestEvent, fallback: () => string) {
	const values = loginForm.read(await event.request.formData());
	const email = values.email.slice(0, LONGEST_EMAIL);
	if (!email.trim() || !values.password) return fail(400, { email, message: m.login_missing() });
	const result = await auth.login(database(), {
		email,
		password: values.password,
		address: event.getClientAddress()
	});
	if (!result.ok) {
		if (result.reason === 'banned')
			return fail(403, {
				email,
				message:
					result.until === null
						? m.mod_login_banned()
						: m.mod_login_banned_until({
								until: formatPosted(result.until, HUB_TIME_ZONE, getLocale())
							})
			});
		return result.reason === 'rate_limited'
			? fail(429, { email, message: m.login_rate_limited() })
			: fail(400, { email, message: m.login_invalid() });
	}
	setSessionCookie(event, result.token, result.expiresAt);
	dropBrowserCache(event);
	redirect(303, target(event.url, fallback()));
}

/** A fresh ALTCHA challenge when the site asks for one at sign-up (admins' setting), else null. */
export async function signUpChallenge() {
	const db = database();
	return settings.read(db).altchaOnSignUp ? altcha.challenge(db, Date.now()) : null;
}

/**
 * Refused (among other things) because the address has an account: what a script trying
 * addresses learns, whatever else it sends wrong on purpose.
 */
function takenEmail(error: accounts.AccountInputError): boolean {
	return error.problems.some((p) => p.field === 'email' && p.code === 'taken');
}

/**
 * Signs a visitor up as a member and logs them in: they land on `redirectTo`, or on their
 * account page in the language they chose. A form caught by its traps (abuse/traps.ts) makes
 * nothing and gets the same 303, without a session; past 5 sign-ups an hour from one address,
 * a 429. With ALTCHA asked for and no proof (JavaScript off), the account waits for a moderator.
 */
export async function join(event: RequestEvent) {
	// Already someone: a second account is not made by a stale form.
	leaveIfLoggedIn(event, href('/account'));
	const db = database();
	const now = Date.now();
	const data = await event.request.formData();
	const { password, ...typed } = joinForm.read(data);
	// A 16 KB "name" is refused for its length; only what a form could hold is handed back.
	const values = {
		name: typed.name.slice(0, 200),
		email: typed.email.slice(0, LONGEST_EMAIL),
		locale: accounts.isLocale(typed.locale) ? typed.locale : ('' as const)
	};
	const success = () => target(event.url, href('/account', values.locale || undefined));
	// Every refusal brings a new challenge: the one sent may be spent, and a page updated by
	// script keeps its first data.
	const refuse = async (
		status: number,
		answer: { message: string; errors?: Record<string, string>; formToken?: string }
	) => fail(status, { values, errors: {}, ...answer, altcha: await signUpChallenge() });
	const screened = formTraps.screen(data, 'join', now);
	if (screened === 'trapped') redirect(303, success());
	if (screened === 'stale')
		return refuse(400, {
			message: m.abuse_form_stale(),
			formToken: formTraps.formToken('join', now)
		});
	let holdReason: string | undefined;
	if (settings.read(db).altchaOnSignUp) {
		const proof = await altcha.check(db, data.get(altcha.FIELD), now);
		if (proof === 'refused') return refuse(400, { message: m.abuse_altcha_refused() });
		if (proof === 'none') holdReason = 'no_proof';
	}
	const address = event.getClientAddress();
	try {
		limits.takeSignUp(db, address, now);
	} catch (error) {
		if (!(error instanceof limits.RateLimited)) throw error;
		event.setHeaders({ 'retry-after': String(error.retryAfterSeconds) });
		return refuse(429, {
			message: m.abuse_sign_up_rate_limited({
				minutes: Math.ceil(error.retryAfterSeconds / 60)
			})
		});
	}
	let account: accounts.Account;
	try {
		account = await accounts.signUp(
			db,
			{ ...typed, password },
			{ now, holdReason, then: (tx) => formTraps.spendIn(tx, data, 'join', now) }
		);
	} catch (error) {
		if (error instanceof formTraps.Replayed) {
			// A form that made an account already, sent again: answered as then, nothing made.
			formTraps.replayed('join', now);
			limits.giveBack(db, limits.signUpKey(address), now);
			redirect(303, success());
		}
		// Only accounts made count towards the limit: a typo is not a sign-up. A taken address
		// counts, though: else the form tells, without end, who has an account here.
		if (!(error instanceof accounts.AccountInputError && takenEmail(error)))
			limits.giveBack(db, limits.signUpKey(address), now);
		if (!(error instanceof accounts.AccountInputError)) throw error;
		return refuse(400, {
			errors: joinForm.messages(error.problems),
			message: m.form_has_errors()
		});
	}
	const { token, expiresAt } = auth.createSession(db, account.id);
	setSessionCookie(event, token, expiresAt);
	dropBrowserCache(event);
	redirect(303, target(event.url, href('/account', account.locale)));
}

/** Ends this session, on the server and in the browser; a visitor without one is simply sent on. */
export function logout(event: RequestEvent, to: string) {
	if (event.locals.sessionToken) auth.endSession(database(), event.locals.sessionToken);
	forgetSessionCookie(event.cookies);
	dropBrowserCache(event);
	redirect(303, to);
}

/** What `?done=` of the account page may say, after each of its forms. */
export const ACCOUNT_DONE = ['name', 'locale', 'password'] as const;

export function accountDoneOf(url: URL): (typeof ACCOUNT_DONE)[number] | null {
	const done = url.searchParams.get('done');
	return ACCOUNT_DONE.find((d) => d === done) ?? null;
}

/** A refusal of one of the account page's forms, tagged with the form it belongs to. */
function refused(form: 'name' | 'locale', error: unknown, typed: Record<string, string>) {
	if (!(error instanceof accounts.AccountInputError)) throw error;
	const declared = form === 'name' ? nameForm : localeForm;
	return fail(400, {
		form,
		values: typed,
		errors: declared.messages(error.problems),
		message: m.form_has_errors()
	});
}

export async function rename(event: RequestEvent) {
	const account = guard.requireAccount(event.locals);
	const { name } = nameForm.read(await event.request.formData());
	try {
		accounts.rename(database(), account.id, name);
	} catch (error) {
		return refused('name', error, { name: name.slice(0, 200) });
	}
	redirect(303, `${href('/account')}?done=name`);
}

/** The interface language: the account page is then shown in it (a 303 to its address). */
export async function setLocale(event: RequestEvent) {
	const account = guard.requireAccount(event.locals);
	const { locale } = localeForm.read(await event.request.formData());
	try {
		accounts.setLocale(database(), account.id, locale);
	} catch (error) {
		return refused('locale', error, { locale: '' });
	}
	redirect(303, `${href('/account', locale as accounts.Account['locale'])}?done=locale`);
}

/** A new password, the current one checked under the login limits; the other sessions end. */
export async function changePassword(event: RequestEvent) {
	const account = guard.requireAccount(event.locals);
	const values = passwordForm.read(await event.request.formData());
	const result = await auth.changePassword(database(), {
		account,
		current: values.current,
		password: values.password,
		confirm: values.confirm,
		address: event.getClientAddress(),
		sessionToken: event.locals.sessionToken ?? ''
	});
	// Only errors come back: passwords are never written into a page.
	if (!result.ok && result.reason === 'rate_limited')
		return fail(429, { form: 'password' as const, errors: {}, message: m.login_rate_limited() });
	if (!result.ok)
		return fail(400, {
			form: 'password' as const,
			errors: passwordForm.messages(result.problems),
			message: m.form_has_errors()
		});
	redirect(303, `${href('/account')}?done=password`);
}
