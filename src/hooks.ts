import type { Reroute } from '@sveltejs/kit';
import { routePath } from '$lib/i18n';

// /fr/events/x and /en/events/x are both served by src/routes/events/[slug].
export const reroute: Reroute = ({ url }) => routePath(url);
