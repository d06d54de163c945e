import { href } from '$lib/i18n';

/** What an editor's page says after an action: one of these, from `?done=`. */
export const DONE = [
	'saved',
	'merged',
	'unchanged',
	'created',
	'published',
	'unpublished',
	'cancelled',
	'reinstated',
	'archived',
	'unarchived',
	'restored',
	'resolved'
] as const;
export type Done = (typeof DONE)[number];

/** The editor's address, in the organiser's language, saying what was done. */
export function doneLocation(path: string, done: Done): string {
	return `${href(path)}?done=${done}`;
}

/** `?done=` of an editor's address, or null for anything else. */
export function doneOf(url: URL): Done | null {
	const done = url.searchParams.get('done');
	return (DONE as readonly string[]).includes(done ?? '') ? (done as Done) : null;
}

/** The fields the organiser chose to take from the stored version after a conflict (`choose_<key>=theirs`). */
export function choicesOf(form: FormData): string[] {
	const keys: string[] = [];
	for (const [name, value] of form) {
		if (
			name.startsWith('choose_') &&
			value === 'theirs' &&
			/^[A-Za-z]+(_(fr|en))?$/.test(name.slice(7))
		)
			keys.push(name.slice(7));
	}
	return keys;
}

/** A whole number a form sends (the version it was opened at, a revision id); 0, which no revision has, for anything else. */
export function formNumber(raw: string): number {
	return /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
}

/** What a save reports: a conflict settled by keeping their version changes nothing, and says so. */
export function saveDone(
	outcome: 'saved' | 'merged' | 'unchanged',
	published: boolean,
	choices: string[]
): Done {
	if (published) return 'published';
	if (choices.length > 0 && outcome !== 'merged') return 'resolved';
	return outcome;
}
