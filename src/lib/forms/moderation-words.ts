import * as m from '$lib/paraglide/messages';
import { defineForm, localNumber, type FormValues } from './define';

/*
 * Adding a word to a language's list (admins): the word or phrase, the list, and what a
 * message containing it gets. The limit is words.MAX_WORD_LENGTH, said here for the browser.
 */

export const WORD_MAX = 64;
export const WORD_LOCALES = ['fr', 'en'] as const;
export const WORD_ACTION_CHOICES = ['block', 'hold'] as const;

export const wordForm = defineForm(
	{
		word: {
			label: m.words_field_word,
			hint: () => m.words_word_hint({ max: localNumber(WORD_MAX) })
		},
		locale: { label: m.words_field_locale },
		action: { label: m.words_field_action }
	},
	{
		messages: {
			word: {
				required: m.words_error_required,
				invalid_characters: m.words_error_invalid_characters,
				taken: m.words_error_taken
			},
			locale: { '*': m.words_error_locale },
			action: { '*': m.words_error_action }
		}
	}
);

export type WordFormValues = FormValues<typeof wordForm>;
