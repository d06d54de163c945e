import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';

/** What was looked up, or a 404 (never a 500 further on) when there is no such record. */
export function found<T>(record: T | null | undefined): T {
	if (record == null) error(404, m.not_found_title());
	return record;
}
