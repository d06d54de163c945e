import { contentState, database } from '$lib/server/app';
import * as views from '$lib/server/views/reader';
import { getLocale } from '$lib/paraglide/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const locale = getLocale();
	const page = views.pageNumber(url.searchParams.get('past'));
	return views.rememberedFor(contentState(), `home|${locale}|${page}`, () =>
		views.homePage(database(), locale, page)
	);
};
