import { publicOrigin } from '$lib/server/app';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ url }) => ({ origin: publicOrigin(url) });
