import type { Reroute, Transport } from '@sveltejs/kit';
import { routePath } from '$lib/i18n';
import { isUnsent } from '$lib/unsent';

// /fr/events/x and /en/events/x are both served by src/routes/events/[slug].
export const reroute: Reroute = ({ url }) => routePath(url);

// The data of pages that send no script is never read by a browser: not serialised (unsent.ts).
export const transport: Transport = {
	Unsent: { encode: (value) => isUnsent(value) && 1, decode: () => ({}) }
};
