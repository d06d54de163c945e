// A dozen items, made afresh on every request (the bench asks with a unique query string).
// `?bytes=N` lengthens their summaries so that the page weighs about N bytes: the bench compares
// each of the hub's pages with a bare page of its own size.
const FILLER = 'communs numeriques, cooperatives et economie sociale et solidaire ';
const ITEMS = 12;
// What the page weighs with empty summaries (measured: the bench prints both sizes).
const FRAME_BYTES = 2840;

/** @type {import('./$types').PageServerLoad} */
export function load({ url }) {
	const bytes = Number(url.searchParams.get('bytes') ?? 10_000);
	const length = Math.max(0, Math.floor((Math.min(bytes, 1e6) - FRAME_BYTES) / ITEMS));
	return {
		items: Array.from({ length: ITEMS }, (_, i) => ({
			slug: `evenement-${i + 1}`,
			title: `Rencontre ${i + 1} des communs numériques`,
			dates: `${i + 1} décembre 2026, 9 h 30 – 17 h`,
			place: 'La Base, Lyon',
			summary: FILLER.repeat(Math.ceil(length / FILLER.length)).slice(0, length)
		}))
	};
}
