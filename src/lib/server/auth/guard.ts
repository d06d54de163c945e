import { error, redirect } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import { href } from '$lib/i18n';
import * as m from '$lib/paraglide/messages';
import type { Organiser } from '../accounts/organisers';
import type { Role } from '../db/schema';

/*
 * Who may reach what, decided on the route SvelteKit matched (`event.route.id`, already
 * decoded and rerouted), never on the raw path: `/fr/%6Frganiser` is the organiser area too.
 * The hook guards whole areas from this table; every load and action under them also calls
 * `requireOrganiser` or `requireAdmin` itself, so a guard that is ever bypassed lets nothing
 * through.
 */

type Area = { prefix: string; role: Role | null };

/** Longest prefix first: the first that matches decides. `null`: open to anyone. */
const AREAS = [
	{ prefix: '/organiser/login', role: null },
	{ prefix: '/organiser/organisers', role: 'admin' },
	{ prefix: '/organiser', role: 'organiser' }
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

export function allows(organiser: Pick<Organiser, 'role'> | null, role: Role | null): boolean {
	if (role === null) return true;
	if (!organiser) return false;
	return role === 'organiser' || organiser.role === 'admin';
}

/** Where a visitor without a session is sent, coming back to `back` after logging in. */
export function loginLocation(back: string): string {
	return `${href('/organiser/login')}?redirectTo=${encodeURIComponent(back)}`;
}

/**
 * The organiser making this request; a visitor without a session is sent to the login page.
 * Every organiser load and action starts with it.
 */
export function requireOrganiser(locals: App.Locals = getRequestEvent().locals): Organiser {
	const organiser = locals.organiser;
	if (!organiser) redirect(303, loginLocation(href('/organiser')));
	return organiser;
}

/** The admin making this request; organisers get 403, visitors the login page. */
export function requireAdmin(locals: App.Locals = getRequestEvent().locals): Organiser {
	const organiser = requireOrganiser(locals);
	if (!allows(organiser, 'admin')) error(403, m.admins_only());
	return organiser;
}
