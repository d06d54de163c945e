import { error, redirect } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import { href } from '$lib/i18n';
import * as m from '$lib/paraglide/messages';
import type { Account } from '../accounts/accounts';
import type { Role } from '../db/schema';

/*
 * Who may reach what, decided on the route SvelteKit matched (`event.route.id`, already
 * decoded and rerouted), never on the raw path: `/fr/%6Frganiser` is the organiser area too.
 * The hook only finds who is asking (`locals.account`) and guards whole areas from this table;
 * every load and action under them also calls `requireRole` (or `requireAccount`) itself, so a
 * guard that is ever bypassed lets nothing through. What an account may do to a given thing is
 * the policy's (policy.ts `can`), checked by the domain functions that change it.
 */

type Area = { prefix: string; role: Role | null };

/** Longest prefix first: the first that matches decides. `null`: open to anyone. */
const AREAS = [
	{ prefix: '/organiser/login', role: null },
	{ prefix: '/organiser/organisers', role: 'admin' },
	{ prefix: '/organiser/moderation/settings', role: 'admin' },
	{ prefix: '/organiser/moderation/words', role: 'admin' },
	{ prefix: '/organiser/outbox', role: 'admin' },
	{ prefix: '/organiser', role: 'organiser' },
	{ prefix: '/(members)/account', role: 'member' },
	// The forum's forms: any account may write; what it may do to a message is the policy's.
	{ prefix: '/(reader)/forum/new', role: 'member' },
	{ prefix: '/(reader)/messages/[id=id]/reply', role: 'member' },
	{ prefix: '/(reader)/messages/[id=id]/edit', role: 'member' },
	{ prefix: '/(reader)/messages/[id=id]/delete', role: 'member' },
	{ prefix: '/(reader)/messages/[id=id]/flag', role: 'member' }
] as const satisfies readonly Area[];

function within(routeId: string, prefix: string): boolean {
	return routeId === prefix || routeId.startsWith(`${prefix}/`);
}

/** The role a matched route needs, or null when anyone may reach it (or nothing matched). */
export function roleNeeded(routeId: string | null): Role | null {
	if (routeId === null) return null;
	return AREAS.find((area) => within(routeId, area.prefix))?.role ?? null;
}

/** Whether the matched route belongs to the organiser area (login included): never cached, never public. */
export function inOrganiserArea(routeId: string | null): boolean {
	return routeId !== null && within(routeId, '/organiser');
}

/** Each role can do what the ones before it can. */
const RANK: Record<Role, number> = { member: 0, organiser: 1, admin: 2 };

/** Whether `account` holds `role` or a higher one; `null` (no role needed) lets anyone through. */
export function allows(account: Pick<Account, 'role'> | null, role: Role | null): boolean {
	if (role === null) return true;
	if (!account) return false;
	return RANK[account.role] >= RANK[role];
}

/** Where someone with `role` lands after logging in when nothing else was asked for. */
export function homeOf(role: Role | null): string {
	return role === 'organiser' || role === 'admin' ? href('/organiser') : href('/account');
}

/**
 * Where a visitor without a session is sent, coming back to `back` after logging in: the
 * organiser area keeps its own login page (the same form), everything else has /login.
 */
export function loginLocation(back: string, role: Role | null = 'member'): string {
	const page = role === 'organiser' || role === 'admin' ? '/organiser/login' : '/login';
	return `${href(page)}?redirectTo=${encodeURIComponent(back)}`;
}

/**
 * Where to go after logging in or joining: `redirectTo` when it is a path of ours, in the
 * language of the page that logged in (the visitor may have switched it there), else
 * `fallback`. Never another origin (`//host`, `https:`, `\`), never a dot or empty segment,
 * spelled or percent-encoded (`/fr/x/../..` and `/fr/x/%2e%2e/` resolve elsewhere), never a
 * path as long as a stranger likes.
 */
export function afterLogin(value: string | null, fallback: string): string {
	// A fragment (`#discussion`, `#m12`) brings the reader back to the place they left; it is
	// never sent to the server, so only its shape is checked, and it is put back after href().
	const ours =
		value !== null &&
		value.length <= 512 &&
		/^\/(fr|en)(\/[\w\-/.~]*)?(\?[\w=&%.~+-]*)?(#[\w-]{1,64})?$/.test(value) &&
		!/\/\.{1,2}(\/|\?|#|$)|\/\//.test(value);
	if (!ours) return fallback;
	const hash = value.indexOf('#');
	const fragment = hash === -1 ? '' : value.slice(hash);
	const rest = value.slice(3, hash === -1 ? undefined : hash);
	return href(rest === '' || rest.startsWith('?') ? `/${rest}` : rest) + fragment;
}

/** The page this request asked for, when it is a plain GET that may be asked again after logging in. */
function pageAsked(): string | null {
	try {
		const { request, url } = getRequestEvent();
		return request.method === 'GET' ? url.pathname + url.search : null;
	} catch {
		// Called outside a request (a unit test handing its own locals).
		return null;
	}
}

/** The account making this request; a visitor without a session is sent to the login page. */
export function requireAccount(locals: App.Locals = getRequestEvent().locals): Account {
	const account = locals.account;
	if (!account) redirect(303, loginLocation(pageAsked() ?? homeOf('member'), 'member'));
	return account;
}

/**
 * The account making this request, holding `role` or a higher one: a visitor is sent to the
 * login page, an account without the role gets 403. Every load and action under an area of
 * AREAS starts with it.
 */
export function requireRole(role: Role, locals: App.Locals = getRequestEvent().locals): Account {
	const account = locals.account;
	if (!account) redirect(303, loginLocation(pageAsked() ?? homeOf(role), role));
	if (!allows(account, role)) error(403, role === 'admin' ? m.admins_only() : m.organisers_only());
	return account;
}
