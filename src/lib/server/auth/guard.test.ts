import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import * as guard from './guard';
import type { Account } from '../accounts/accounts';

const person = (role: Account['role']) =>
	({ id: 1, email: 'a@example.org', name: 'A', role, disabledAt: null, createdAt: 0 }) as Account;
const locals = (account: Account | null): App.Locals => ({ account, sessionToken: null });

function thrown(fn: () => unknown): unknown {
	try {
		fn();
	} catch (e) {
		return e;
	}
	return null;
}

describe('guard', () => {
	it('reads the role a matched route needs from one table', () => {
		expect(guard.roleNeeded('/organiser')).toBe('organiser');
		expect(guard.roleNeeded('/organiser/posts/[id]/history')).toBe('organiser');
		expect(guard.roleNeeded('/organiser/organisers')).toBe('admin');
		expect(guard.roleNeeded('/organiser/login')).toBeNull();
		expect(guard.roleNeeded('/(reader)/events/[slug]')).toBeNull();
		// A neighbour whose name only starts the same is not inside the area.
		expect(guard.roleNeeded('/organisers-club')).toBeNull();
		expect(guard.roleNeeded(null)).toBeNull();
		expect(guard.inOrganiserArea('/organiser/login')).toBe(true);
	});

	it("needs an account for the forum's forms, never for reading it", () => {
		expect(guard.roleNeeded('/(reader)/forum/new')).toBe('member');
		for (const page of ['reply', 'edit', 'delete'])
			expect(guard.roleNeeded(`/(reader)/messages/[id=id]/${page}`)).toBe('member');
		expect(guard.roleNeeded('/(reader)/messages/[id=id]/history')).toBeNull();
		expect(guard.roleNeeded('/(reader)/messages/[id=id]')).toBeNull();
		expect(guard.roleNeeded('/(reader)/forum')).toBeNull();
		expect(guard.roleNeeded('/(reader)/forum/[slug]')).toBeNull();
		expect(guard.inOrganiserArea('/(reader)/forum/new')).toBe(false);
	});

	it('lets organisers in, admins everywhere, members and visitors nowhere that needs a role', () => {
		expect(guard.allows(null, null)).toBe(true);
		expect(guard.allows(person('member'), null)).toBe(true);
		expect(guard.allows(person('member'), 'organiser')).toBe(false);
		expect(guard.allows(person('admin'), 'organiser')).toBe(true);
		expect(guard.allows(null, 'organiser')).toBe(false);
		expect(guard.allows(person('organiser'), 'organiser')).toBe(true);
		expect(guard.allows(person('organiser'), 'admin')).toBe(false);
		expect(guard.allows(person('admin'), 'admin')).toBe(true);
	});

	it('sends a visitor to the login page and refuses an organiser an admin action, each by itself', () => {
		const visitor = thrown(() => guard.requireRole('organiser', locals(null)));
		expect(
			isRedirect(visitor) &&
				visitor.status === 303 &&
				/\/organiser\/login\?redirectTo=/.test(visitor.location)
		).toBe(true);
		expect(isRedirect(thrown(() => guard.requireAccount(locals(null))))).toBe(true);
		expect(isRedirect(thrown(() => guard.requireRole('admin', locals(null))))).toBe(true);
		const organiser = thrown(() => guard.requireRole('admin', locals(person('organiser'))));
		expect(isHttpError(organiser) && organiser.status === 403).toBe(true);
		const member = thrown(() => guard.requireRole('organiser', locals(person('member'))));
		expect(isHttpError(member) && member.status === 403).toBe(true);
		expect(guard.requireAccount(locals(person('member'))).role).toBe('member');
		expect(guard.requireRole('admin', locals(person('admin'))).role).toBe('admin');
		expect(guard.requireRole('organiser', locals(person('organiser'))).id).toBe(1);
	});

	it('guards the account page for any account, and sends its visitors to the members login', () => {
		expect(guard.roleNeeded('/(members)/account')).toBe('member');
		for (const open of ['/(members)/join', '/(members)/login', '/(members)/logout'])
			expect(guard.roleNeeded(open)).toBeNull();
		expect(guard.inOrganiserArea('/(members)/account')).toBe(false);
		const visitor = thrown(() => guard.requireAccount(locals(null)));
		expect(isRedirect(visitor) && visitor.location).toBe('/fr/login?redirectTo=%2Ffr%2Faccount');
		const organiserVisitor = thrown(() => guard.requireRole('organiser', locals(null)));
		expect(isRedirect(organiserVisitor) && organiserVisitor.location).toBe(
			'/fr/organiser/login?redirectTo=%2Ffr%2Forganiser'
		);
		expect(guard.loginLocation('/fr/forum/new?x=1')).toBe(
			'/fr/login?redirectTo=%2Ffr%2Fforum%2Fnew%3Fx%3D1'
		);
	});

	it('goes back after logging in only to a path of ours, in the login page language', () => {
		const fallback = '/fr/account';
		expect(guard.afterLogin('/en/events/ngi-forum-2025', fallback)).toBe(
			'/fr/events/ngi-forum-2025'
		);
		expect(guard.afterLogin('/fr/search?q=communs', fallback)).toBe('/fr/search?q=communs');
		expect(guard.afterLogin('/en', fallback)).toBe('/fr/');
		expect(guard.afterLogin('/fr/organiser/posts/new', fallback)).toBe('/fr/organiser/posts/new');
		// Back to the discussion the reader left, not to the top of the page.
		expect(guard.afterLogin('/en/posts/recap?page=2#discussion', fallback)).toBe(
			'/fr/posts/recap?page=2#discussion'
		);
		expect(guard.afterLogin('/fr/forum/t#m12', fallback)).toBe('/fr/forum/t#m12');
		expect(guard.afterLogin('/fr#discussion', fallback)).toBe('/fr/#discussion');
		for (const hostile of [
			'/fr/events/x#a#b',
			'/fr/events/x#"><script>',
			'/fr/events/..#discussion',
			'//evil.example#discussion',
			`/fr/events/x#${'a'.repeat(65)}`,
			null,
			'',
			'https://evil.example/',
			'//evil.example/fr/',
			'/\\evil.example',
			'/fr//evil.example',
			'/fr/../../evil',
			'/fr/events/./x',
			'/fr/events/..',
			'/fr/%2e%2e/evil',
			'/fr/events/x%2F..',
			'/de/events/x',
			'/frevil',
			'javascript:alert(1)',
			'/fr/events/x\nLocation: https://evil.example',
			`/fr/${'a'.repeat(600)}`
		])
			expect(guard.afterLogin(hostile, fallback), String(hostile)).toBe(fallback);
	});
});
