import type { Reroute } from '@sveltejs/kit';
import { deLocalizeUrl } from '$lib/paraglide/runtime';

// /fr/events/x and /en/events/x are both served by src/routes/events/[slug].
export const reroute: Reroute = (request) => deLocalizeUrl(request.url).pathname;
