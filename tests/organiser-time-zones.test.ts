import { parse, type HTMLElement } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import * as events from '../src/lib/server/content/events';
import { getPage, textOf } from './helpers/http';
import { loginCookie, makeOrganiser, postForm, serverDb, useOwnServer } from './helpers/organiser';
import { emptyEventForm } from '../src/lib/server/forms/events';

let cookie = '';
// This file creates events: it gets a server and database of its own.
useOwnServer();
beforeAll(async () => {
	const organiser = await makeOrganiser();
	cookie = await loginCookie(organiser.email, organiser.password);
});

const emptyEvent = { ...emptyEventForm(), timeZone: 'Europe/Paris' };

async function save(path: string, fields: Record<string, string>) {
	const response = await postForm(path, fields, { cookie });
	const html = response.status === 303 ? '' : await response.text();
	return { response, doc: parse(html) as HTMLElement };
}

function savedEvent(response: Response) {
	expect(response.status).toBe(303);
	return events.findById(
		serverDb(),
		Number(/events\/(\d+)/.exec(response.headers.get('location')!)![1])
	)!;
}

const errorOf = (doc: HTMLElement, field: string) => textOf(doc.querySelector(`#${field}-error`));
const radios = (doc: HTMLElement, name: string) =>
	doc
		.querySelectorAll(`input[type=radio][name=${name}]`)
		.map((r) => ({ value: r.getAttribute('value'), checked: r.hasAttribute('checked') }));

describe('time zones in the event form', () => {
	it('stores an alias or any spelling under the one current name; an unknown zone is one error, on its field', async () => {
		const saigon = await save('/en/organiser/events/new?/save', {
			...emptyEvent,
			timeZone: 'asia/saigon',
			startLocal: '2031-05-02T09:00',
			endLocal: '2031-05-02T10:00',
			title_en: 'Saigon'
		});
		expect(savedEvent(saigon.response)).toMatchObject({
			timeZone: 'Asia/Ho_Chi_Minh',
			start: '2031-05-02T02:00:00.000Z'
		});
		const eastern = await save('/en/organiser/events/new?/save', {
			...emptyEvent,
			timeZone: 'US/Eastern',
			startLocal: '2031-05-02T09:00',
			endLocal: '2031-05-02T10:00',
			title_en: 'Eastern'
		});
		expect(savedEvent(eastern.response)).toMatchObject({
			timeZone: 'America/New_York',
			start: '2031-05-02T13:00:00.000Z'
		});

		const unknown = await save('/fr/organiser/events/new?/save', {
			...emptyEvent,
			timeZone: 'Europe/Atlantis',
			startLocal: '2031-05-02T09:00',
			endLocal: '2031-05-02T10:00',
			title_fr: 'Atlantide'
		});
		expect(unknown.response.status).toBe(400);
		expect(unknown.doc.querySelectorAll('.field-error').map((e) => [e.id, textOf(e)])).toEqual([
			['timeZone-error', 'Fuseau horaire inconnu.']
		]);
		expect(unknown.doc.querySelector('#timeZone')!.getAttribute('value')).toBe('Europe/Atlantis');
	});

	it('offers each zone once, by its current name', async () => {
		const { doc } = await getPage('/en/organiser/events/new', { cookie });
		const offered = doc.querySelectorAll('#time-zones option').map((o) => o.getAttribute('value'));
		expect(offered).toContain('Asia/Ho_Chi_Minh');
		expect(offered).toContain('Europe/Kyiv');
		expect(offered).not.toContain('Asia/Saigon');
		expect(offered).not.toContain('Europe/Kiev');
		expect(new Set(offered).size).toBe(offered.length);
	});

	it('refuses a time the spring change skips, saying why and what is nearest, keeping what was typed', async () => {
		const { response, doc } = await save('/en/organiser/events/new?/save', {
			...emptyEvent,
			startLocal: '2026-03-29T02:30',
			endLocal: '2026-03-29T04:00',
			title_en: 'Spring',
			description_en: 'keep me'
		});
		expect(response.status).toBe(400);
		expect(errorOf(doc, 'startTime')).toBe(
			'02:30 does not exist on 29 March 2026 in Europe/Paris: the clocks jump from 02:00 to 03:00. The nearest times are 01:59 and 03:00.'
		);
		expect(errorOf(doc, 'endTime')).toBe('');
		// The editor shows the date and the time apart (issue 11); an old datetime-local value is split.
		expect(doc.querySelector('#startDate')!.getAttribute('value')).toBe('2026-03-29');
		expect(doc.querySelector('#startTime')!.getAttribute('value')).toBe('02:30');
		expect(textOf(doc.querySelector('#description_en'))).toBe('keep me');
		expect(
			serverDb().$client.prepare("select count(*) n from event_texts where title = 'Spring'").get()
		).toEqual({ n: 0 });
	});

	it('asks which occurrence of a time the autumn change repeats, then stores the one chosen', async () => {
		const fields = {
			...emptyEvent,
			startLocal: '2026-10-25T02:30',
			endLocal: '2026-10-25T04:00',
			title_fr: 'Automne'
		};
		const asked = await save('/fr/organiser/events/new?/save', fields);
		expect(asked.response.status).toBe(400);
		expect(errorOf(asked.doc, 'startTime')).toBe(
			'02:30 arrive deux fois le 25 octobre 2026 dans le fuseau Europe/Paris, car les horloges reculent : choisissez laquelle ci-dessous.'
		);
		expect(radios(asked.doc, 'startOccurrence')).toEqual([
			{ value: 'earlier', checked: false },
			{ value: 'later', checked: false }
		]);
		expect(textOf(asked.doc.querySelector('fieldset.occurrence'))).toContain(
			'La seconde (UTC+1, après le recul des horloges)'
		);
		expect(radios(asked.doc, 'endOccurrence')).toEqual([]);
		expect(
			serverDb().$client.prepare("select count(*) n from event_texts where title = 'Automne'").get()
		).toEqual({ n: 0 });

		const second = savedEvent(
			(await save('/fr/organiser/events/new?/save', { ...fields, startOccurrence: 'later' }))
				.response
		);
		expect(second.start).toBe('2026-10-25T01:30:00.000Z');
		const first = savedEvent(
			(
				await save('/fr/organiser/events/new?/save', {
					...fields,
					slug: 'automne-tot',
					startOccurrence: 'earlier'
				})
			).response
		);
		expect(first.start).toBe('2026-10-25T00:30:00.000Z');

		// Edited again, the saved occurrence is the one checked, so an unchanged save keeps it.
		const { doc } = await getPage(`/fr/organiser/events/${second.id}`, { cookie });
		expect(radios(doc, 'startOccurrence')).toEqual([
			{ value: 'earlier', checked: false },
			{ value: 'later', checked: true }
		]);
	});
});
