import { describe, expect, it } from 'vitest';
import * as events from '../events';
import { memoryDb } from '../testing/db';
import * as forms from './events';

const typed = (fields: Partial<forms.EventFormValues>): forms.EventFormValues => ({ ...forms.emptyEventForm(), timeZone: 'Europe/Paris', ...fields });

describe('event form times', () => {
	it('reads a repeated time as the occurrence chosen, and asks until one is', () => {
		const values = typed({ startLocal: '2026-10-25T02:30', endLocal: '2026-10-25T02:45' });
		expect(Object.keys(forms.eventTimeErrors(values))).toEqual(['startLocal', 'endLocal']);
		const chosen = { ...values, startOccurrence: 'earlier', endOccurrence: 'later' };
		expect(forms.eventTimeErrors(chosen)).toEqual({});
		expect(forms.eventInputFromForm(chosen)).toMatchObject({ start: '2026-10-25T00:30:00.000Z', end: '2026-10-25T01:45:00.000Z' });
	});

	it('refuses a skipped time on its field only, and none when the day is all-day or the zone unknown', () => {
		const gap = typed({ startLocal: '2026-03-29T09:00', endLocal: '2026-03-29T02:30' });
		expect(Object.keys(forms.eventTimeErrors(gap))).toEqual(['endLocal']);
		expect(forms.eventTimeErrors({ ...gap, allDay: 'on' })).toEqual({});
		expect(forms.eventTimeErrors({ ...gap, timeZone: 'Europe/Atlantis' })).toEqual({});
	});

	it('reads times in the zone an alias names', () => {
		const input = forms.eventInputFromForm(typed({ timeZone: 'europe/kiev', startLocal: '2031-05-02T09:00', endLocal: '2031-05-02T10:00' }));
		expect(input.start).toBe('2031-05-02T06:00:00.000Z');
	});

	it('gives back an event in the repeated hour with its occurrence chosen, so saving it unchanged keeps it', () => {
		const db = memoryDb();
		const saved = events.createEvent(db, {
			allDay: false,
			start: '2026-10-25T01:30:00.000Z', // the second 02:30 in Paris
			end: '2026-10-25T03:00:00.000Z',
			timeZone: 'Europe/Paris',
			texts: { fr: { title: 'Automne' } }
		});
		const values = forms.eventFormValues(saved);
		expect([values.startLocal, values.startOccurrence, values.endOccurrence]).toEqual(['2026-10-25T02:30', 'later', '']);
		expect(forms.eventTimeErrors(values)).toEqual({});
		expect(forms.eventInputFromForm(values).start).toBe('2026-10-25T01:30:00.000Z');
	});
});
