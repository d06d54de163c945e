import { afterEach, describe, expect, it } from 'vitest';
import { baseLocale, overwriteGetLocale } from '$lib/paraglide/runtime';
import { localNumber } from './define';
import { messageForm } from './message';
import { eventForm } from './event';
import { postForm } from './post';

describe('forms declared once', () => {
	it('reads every field as a string, missing ones and files as empty', () => {
		const form = new FormData();
		form.set('title_fr', '  Atelier ');
		form.set('body_fr', new Blob(['x']), 'x.txt');
		form.set('unknown', 'ignored');
		const values = postForm.read(form);
		expect(values).toEqual({ ...postForm.empty(), title_fr: '  Atelier ' });
		expect(Object.keys(values)).toEqual(postForm.names);
	});

	it('lists the fields in the order the form shows them, each language in turn', () => {
		expect(eventForm.names.slice(-11)).toEqual([
			'title_fr',
			'summary_fr',
			'description_fr',
			'venue_fr',
			'city_fr',
			'title_en',
			'summary_en',
			'description_en',
			'venue_en',
			'city_en',
			'version'
		]);
		expect(Object.keys(postForm.labels())).toEqual([
			'kind',
			'eventId',
			'publishedOn',
			'mediaUrl',
			'slug',
			'title_fr',
			'body_fr',
			'title_en',
			'body_en'
		]);
	});

	it('says each limit as a hint, and words the domain codes on their fields', () => {
		expect(Object.keys(eventForm.hints())).toEqual(
			expect.arrayContaining(['host', 'slug', 'title_fr', 'city_en'])
		);
		const errors = eventForm.messages([
			{ field: 'host', code: 'too_long', max: 300 },
			{ field: 'texts', code: 'required' },
			{ field: 'slug', code: 'taken' },
			{ field: 'status', code: 'invalid' }
		]);
		expect(Object.keys(errors)).toEqual(['host', 'title_fr', 'slug']);
		expect(errors.host).toMatch(/300/);
	});
});

describe('limits said in hints', () => {
	afterEach(() => overwriteGetLocale(() => baseLocale));

	it('writes the number as the reader does: 10 000 in French (no-break), 10,000 in English', () => {
		overwriteGetLocale(() => 'fr');
		expect(messageForm.hints().body).toMatch(/^10[\u00a0\u202f]000 /);
		expect(localNumber(10_000)).toMatch(/^10[\u00a0\u202f]000$/);
		overwriteGetLocale(() => 'en');
		expect(messageForm.hints().body).toMatch(/10,000/);
	});
});
