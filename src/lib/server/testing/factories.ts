import type { EventInput } from '../content/events';
import type { PostInput } from '../content/posts';

/*
 * Test data: a valid event or post, with only what a test is about given. Timed in Brussels,
 * in the future (2031), bilingual, with a place in each language.
 */

export function eventInput(overrides: Partial<EventInput> = {}): EventInput {
	return {
		allDay: false,
		start: '2031-06-19T16:30:00.000Z', // 18:30 in Brussels
		end: '2031-06-19T18:30:00.000Z',
		timeZone: 'Europe/Brussels',
		country: 'BE',
		texts: {
			fr: {
				title: 'Apéro des communs',
				summary: 'Un apéro',
				venue: 'La Tricoterie',
				city: 'Bruxelles'
			},
			en: { title: 'Commons drinks', summary: 'Drinks', venue: 'La Tricoterie', city: 'Brussels' }
		},
		...overrides
	};
}

export function postInput(overrides: Partial<PostInput> = {}): PostInput {
	return {
		kind: 'article',
		texts: {
			fr: { title: 'Un article', body: 'Du texte.' },
			en: { title: 'An article', body: 'Some text.' }
		},
		...overrides
	};
}
