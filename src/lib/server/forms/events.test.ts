import { describe, expect, it } from 'vitest';
import * as events from '../content/events';
import { memoryDb } from '../testing/db';
import * as forms from './events';

const typed = (fields: Partial<forms.EventFormValues>): forms.EventFormValues => ({
	...forms.emptyEventForm(),
	timeZone: 'Europe/Paris',
	...fields
});

describe('event form times', () => {
	it('reads a repeated time as the occurrence chosen, and asks until one is', () => {
		const values = typed({
			startDate: '2026-10-25',
			startTime: '02:30',
			endDate: '2026-10-25',
			endTime: '02:45'
		});
		expect(Object.keys(forms.eventTimeErrors(values))).toEqual(['startTime', 'endTime']);
		const chosen = { ...values, startOccurrence: 'earlier', endOccurrence: 'later' };
		expect(forms.eventTimeErrors(chosen)).toEqual({});
		expect(forms.eventInputFromForm(chosen)).toMatchObject({
			start: '2026-10-25T00:30:00.000Z',
			end: '2026-10-25T01:45:00.000Z'
		});
	});

	it('refuses a skipped time on its field only, and none when the day is all-day or the zone unknown', () => {
		const gap = typed({
			startDate: '2026-03-29',
			startTime: '09:00',
			endDate: '2026-03-29',
			endTime: '02:30'
		});
		expect(Object.keys(forms.eventTimeErrors(gap))).toEqual(['endTime']);
		expect(forms.eventTimeErrors({ ...gap, allDay: 'on' })).toEqual({});
		expect(forms.eventTimeErrors({ ...gap, timeZone: 'Europe/Atlantis' })).toEqual({});
	});

	it('reads times in the zone an alias names', () => {
		const input = forms.eventInputFromForm(
			typed({
				timeZone: 'europe/kiev',
				startDate: '2031-05-02',
				startTime: '09:00',
				endDate: '2031-05-02',
				endTime: '10:00'
			})
		);
		expect(input.start).toBe('2031-05-02T06:00:00.000Z');
	});

	it('gives back an event in the repeated hour with its occurrence chosen, so saving it unchanged keeps it', () => {
		const db = memoryDb();
		const saved = events.create(db, {
			allDay: false,
			start: '2026-10-25T01:30:00.000Z', // the second 02:30 in Paris
			end: '2026-10-25T03:00:00.000Z',
			timeZone: 'Europe/Paris',
			texts: { fr: { title: 'Automne' } }
		});
		const values = forms.eventFormValues(saved);
		expect([
			values.startDate,
			values.startTime,
			values.startOccurrence,
			values.endOccurrence
		]).toEqual(['2026-10-25', '02:30', 'later', '']);
		expect(forms.eventTimeErrors(values)).toEqual({});
		expect(forms.eventInputFromForm(values).start).toBe('2026-10-25T01:30:00.000Z');
	});
});

describe('event form problems, all in one pass', () => {
	it('puts each problem on the field that holds it, and names what is really missing', () => {
		const db = memoryDb();
		events.create(db, {
			allDay: true,
			start: '2031-01-01',
			end: '2031-01-01',
			timeZone: 'Europe/Paris',
			slug: 'pris',
			texts: { fr: { title: 'Pris' } }
		});
		const values = typed({
			slug: 'pris',
			startDate: '2031-05-02',
			startTime: '10:00',
			endTime: '09:00',
			timeZone: 'Europe/Paris',
			title_fr: 'Atelier',
			summary_en: 'An English summary'
		});
		const problems = events.findProblems(db, forms.eventInputFromForm(values));
		const errors = forms.eventProblemMessages(problems, values);
		// The end date follows the start: 09:00 the same day is before 10:00, on the end's time.
		expect(Object.keys(errors).sort()).toEqual(['endTime', 'slug', 'title_en']);
		expect(errors.title_en).toMatch(/English|anglais/);
	});

	it('marks only the zone when the zone is unknown, not the valid start and end', () => {
		const values = typed({
			timeZone: 'Europe/Atlantis',
			startDate: '2031-05-02',
			startTime: '10:00',
			endTime: '11:00',
			title_fr: 'Atelier'
		});
		const errors = forms.eventProblemMessages(
			events.checkInput(forms.eventInputFromForm(values)),
			values
		);
		expect(Object.keys(errors)).toEqual(['timeZone']);
	});

	it('takes the dates alone when the checkbox says all-day, and the times otherwise', () => {
		const both = typed({
			startDate: '2031-05-02',
			startTime: '10:00',
			endDate: '2031-05-03',
			endTime: '11:00',
			title_fr: 'Atelier'
		});
		expect(forms.eventInputFromForm({ ...both, allDay: 'on' })).toMatchObject({
			allDay: true,
			start: '2031-05-02',
			end: '2031-05-03'
		});
		expect(forms.eventInputFromForm(both)).toMatchObject({
			allDay: false,
			start: '2031-05-02T08:00:00.000Z',
			end: '2031-05-03T09:00:00.000Z'
		});
	});
});
