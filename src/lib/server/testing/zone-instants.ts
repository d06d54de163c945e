import type { Db } from '../db';
import * as events from '../content/events';
import * as vtimezone from '../formats/vtimezone';

const MINUTE = 60_000;

/** Whole minutes, as events are stored (DTSTART carries no fraction of a second). */
const iso = (ms: number) => new Date(Math.floor(ms / MINUTE) * MINUTE).toISOString();

/**
 * The instants to check in `zone` over the years given: for each offset change, an event from just before
 * it to just after it (outside the hour a change back makes ambiguous in local time, which no
 * VTIMEZONE can resolve), and for each year one from mid-January to July.
 */
export function instantsAcrossChanges(
	zone: string,
	fromYear: number,
	toYear: number
): { start: string; end: string }[] {
	const pairs: { start: string; end: string }[] = [];
	for (const change of vtimezone.offsetTransitions(zone, fromYear, toYear)) {
		const margin = Math.abs(change.to - change.from) * 1000 + MINUTE;
		pairs.push({ start: iso(change.at - margin), end: iso(change.at + margin) });
	}
	for (let year = fromYear; year <= toYear; year++) {
		pairs.push({ start: `${year}-01-15T12:00:00.000Z`, end: `${year}-07-01T12:00:00.000Z` });
	}
	return pairs;
}

/** The years every zone is checked over, in the tests that read our calendars through their VTIMEZONEs. */
export const YEARS = [2025, 2030] as const;

/** A stored timed event to copy: each copy gets its own UID, instants and zone. */
export function baseEvent(db: Db): events.HubEvent {
	return events.create(db, {
		slug: 'fuseaux',
		allDay: false,
		start: '2025-01-15T12:00:00.000Z',
		end: '2025-07-01T12:00:00.000Z',
		timeZone: 'Europe/Paris',
		texts: { en: { title: 'Zones' } }
	});
}

/** Copies of `base` in `zone`, one for each pair of instants of instantsAcrossChanges over YEARS. */
export function copiesIn(base: events.HubEvent, zone: string): events.HubEvent[] {
	return instantsAcrossChanges(zone, ...YEARS).map((pair, i) => ({
		...base,
		uid: `${zone}-${i}@test`,
		timeZone: zone,
		...pair
	}));
}
