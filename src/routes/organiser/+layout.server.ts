import type { LayoutServerLoad } from './$types';

// The guard in hooks.server.ts has already sent visitors without a session to the login page.
export const load: LayoutServerLoad = ({ locals }) => ({ organiser: locals.organiser });
