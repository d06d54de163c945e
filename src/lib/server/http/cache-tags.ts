import { getRequestEvent } from '$app/server';

/*
 * What an answer shows, named, so a write can drop exactly the cached answers that show it
 * (response-cache.ts `invalidate`, forum/changes.ts). A load calls `dependOn` with the tags of
 * what it reads; an answer without tags depends on the content alone (the data version).
 */

/** Records that the answer being made shows what `tags` name. */
export function dependOn(...tags: string[]) {
	const { locals } = getRequestEvent();
	(locals.cacheTags ??= []).push(...tags);
}
