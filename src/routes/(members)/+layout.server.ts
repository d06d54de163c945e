import type { LayoutServerLoad } from './$types';

// Forms about one person: no shared cache keeps them, for visitors either.
export const load: LayoutServerLoad = ({ setHeaders }) => {
	setHeaders({ 'cache-control': 'private, no-store' });
};
