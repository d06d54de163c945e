import { error, redirect } from '@sveltejs/kit';
import { contentState, database, publicOrigin } from '$lib/server/app';
import * as views from '$lib/server/views/reader';
import { href } from '$lib/i18n';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { PageServerLoad } from './$types';
import { paths } from '$lib/paths';

export const load: PageServerLoad = ({ params, url }) => {
	const [locale, origin] = [getLocale(), publicOrigin(url)];
	const post = views.rememberedFor(contentState(), `post|${locale}|${origin}|${params.slug}`, () =>
		views.postPage(database(), params.slug, locale, origin)
	);
	if (!post) error(404, m.not_found_title());
	if ('movedTo' in post) redirect(301, href(paths.post(post.movedTo!)));
	return { post: post.page };
};
