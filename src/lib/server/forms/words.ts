import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { HUB_TIME_ZONE, type ContentLocale } from '$lib/content';
import { formatPosted } from '$lib/format';
import { wordForm } from '$lib/forms/moderation-words';
import { href } from '$lib/i18n';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { database } from '../app';
import type { Account } from '../accounts/accounts';
import * as words from '../moderation/words';
import { refusal } from './forbidden';
import { formNumber } from './outcome';

/* The admins' word lists page (/organiser/moderation/words): both lists, add, remove. */

const PAGE = '/organiser/moderation/words';
const DONE = ['added', 'removed'] as const;
type Done = (typeof DONE)[number];

const doneLocation = (done: Done, locale: string) => `${href(PAGE)}?done=${done}#list-${locale}`;

/** Both lists, for the admin the route checked (`_admin`: asked for, so no caller forgets). */
export function wordsPage(_admin: Account, url: URL) {
	const done = url.searchParams.get('done');
	const locale = getLocale() as ContentLocale;
	const shown = (rules: words.WordRule[]) =>
		rules.map((rule) => ({ ...rule, when: formatPosted(rule.createdAt, HUB_TIME_ZONE, locale) }));
	const lists = words.list(database());
	return {
		lists: { fr: shown(lists.fr), en: shown(lists.en) },
		done: (DONE as readonly string[]).includes(done ?? '') ? (done as Done) : null
	};
}

/** Adds a word to a list; what was typed is handed back with the problems. */
export async function addWord(admin: Account, event: RequestEvent) {
	const values = wordForm.read(await event.request.formData());
	try {
		words.add(database(), { id: admin.id, role: admin.role }, values);
	} catch (caught) {
		if (caught instanceof words.WordInputError)
			return fail(400, {
				values,
				errors: wordForm.messages(caught.problems),
				message: m.form_has_errors()
			});
		return refusal(caught);
	}
	redirect(303, doneLocation('added', values.locale));
}

/** Removes a word by its id; one removed already (a second click) changes nothing. */
export async function removeWord(admin: Account, event: RequestEvent) {
	const form = await event.request.formData();
	const id = formNumber(String(form.get('id') ?? ''));
	const locale = form.get('locale') === 'en' ? 'en' : 'fr';
	try {
		words.remove(database(), { id: admin.id, role: admin.role }, id);
	} catch (caught) {
		return refusal(caught);
	}
	redirect(303, doneLocation('removed', locale));
}
