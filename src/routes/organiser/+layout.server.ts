import type { LayoutServerLoad } from './$types';
import * as guard from '$lib/server/auth/guard';

export const load: LayoutServerLoad = ({ route }) => ({
	// The login page shares this layout: it alone is open to visitors.
	account: route.id === '/organiser/login' ? null : guard.requireRole('organiser')
});
