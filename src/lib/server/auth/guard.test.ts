import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import * as guard from './guard';
import type { Organiser } from '../accounts/organisers';

const person = (role: 'admin' | 'organiser') => ({ id: 1, email: 'a@example.org', name: 'A', role, disabledAt: null, createdAt: 0 }) as Organiser;
const locals = (organiser: Organiser | null): App.Locals => ({ organiser, sessionToken: null });

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

	it('lets organisers in, admins everywhere, and visitors nowhere that needs a role', () => {
		expect(guard.allows(null, null)).toBe(true);
		expect(guard.allows(null, 'organiser')).toBe(false);
		expect(guard.allows(person('organiser'), 'organiser')).toBe(true);
		expect(guard.allows(person('organiser'), 'admin')).toBe(false);
		expect(guard.allows(person('admin'), 'admin')).toBe(true);
	});

	it('sends a visitor to the login page and refuses an organiser an admin action, each by itself', () => {
		const visitor = thrown(() => guard.requireOrganiser(locals(null)));
		expect(isRedirect(visitor) && visitor.status === 303 && /\/organiser\/login\?redirectTo=/.test(visitor.location)).toBe(true);
		expect(isRedirect(thrown(() => guard.requireAdmin(locals(null))))).toBe(true);
		const organiser = thrown(() => guard.requireAdmin(locals(person('organiser'))));
		expect(isHttpError(organiser) && organiser.status === 403).toBe(true);
		expect(guard.requireAdmin(locals(person('admin'))).role).toBe('admin');
		expect(guard.requireOrganiser(locals(person('organiser'))).id).toBe(1);
	});
});
