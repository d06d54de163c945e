/*
 * VTIMEZONE blocks made from the zone database the runtime carries (ICU, through Intl), the same
 * one that turns each event's instant into the local DTSTART: the two cannot disagree. A packaged
 * table of rules goes stale (Mexico City, São Paulo, Cairo… kept daylight saving they dropped),
 * and libical, vobject and Outlook desktop trust the embedded VTIMEZONE over the TZID's name.
 *
 * Each block lists the zone's actual offset changes over a span of years (found by scanning the
 * offset every two days and bisecting each change to the minute), one STANDARD or DAYLIGHT
 * sub-component per kind of change: an RRULE when the changes of the span follow a yearly
 * weekday rule (checked against every one of them), else an RDATE for every occurrence. A zone
 * with no change in the span's first year also gets an anchor giving its offset from the start.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const STEP = 2 * DAY;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(zone);
	if (!formatter) {
		// The year alone besides the offset: the shortest output, a quarter faster to format.
		const options = { year: 'numeric', timeZoneName: 'longOffset' } as const;
		try {
			formatter = new Intl.DateTimeFormat('en-US', { ...options, timeZone: zone });
		} catch {
			// A name this runtime does not know (input accepts only known ones): described as UTC,
			// so one such row leaves the rest of the feed readable.
			formatter = new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' });
		}
		formatters.set(zone, formatter);
	}
	return formatter;
}

/** The zone's offset from UTC at `instant`, in seconds (east positive). */
export function offsetAt(zone: string, instant: number): number {
	// "2026, GMT+05:30"; plain "GMT" for UTC itself in some ICU versions.
	const text = formatterFor(zone).format(instant);
	const match = /GMT([+-])(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?$/.exec(text);
	if (!match) return 0;
	const seconds = Number(match[2]) * 3600 + Number(match[3] ?? 0) * 60 + Number(match[4] ?? 0);
	return match[1] === '-' ? -seconds : seconds;
}

export type Transition = {
	/** First instant (ms) at the new offset. */
	at: number;
	/** Offsets in seconds, before and after. */
	from: number;
	to: number;
};

/*
 * Changes are found and remembered a year at a time: a span that grows by a year (a new event)
 * costs one more year, and a feed's first build can make them a few at a time (zoneYears).
 */
const yearTransitions = new Map<string, Transition[]>();
const MAX_YEARS = 20_000;

/** The changes of the zone's offset after 1 January `year`, 00:00 UTC, up to and at the next one. */
function transitionsOfYear(zone: string, year: number): Transition[] {
	const key = `${zone}|${year}`;
	const known = yearTransitions.get(key);
	if (known) return known;
	const start = Date.UTC(year, 0, 1);
	const end = Date.UTC(year + 1, 0, 1);
	const found: Transition[] = [];
	let before = start;
	let offset = offsetAt(zone, before);
	// Scanned in steps of two days: a change and its reversal closer than the step would be
	// missed, and the closest pair in the database since 1995 is a week apart (Boa Vista, October 2000).
	for (let probe = Math.min(start + STEP, end); before < end; probe = Math.min(probe + STEP, end)) {
		const next = offsetAt(zone, probe);
		if (next !== offset) {
			// offsetAt(lo) is the old offset, offsetAt(hi) the new one; changes fall on whole minutes.
			let lo = before;
			let hi = probe;
			while (hi - lo > MINUTE) {
				const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
				if (offsetAt(zone, mid) === offset) lo = mid;
				else hi = mid;
			}
			found.push({ at: hi, from: offset, to: next });
			offset = next;
		}
		before = probe;
	}
	if (yearTransitions.size >= MAX_YEARS) yearTransitions.clear();
	yearTransitions.set(key, found);
	return found;
}

/** Every change of the zone's offset in the years `fromYear` to `toYear`, inclusive, in order. */
export function offsetTransitions(zone: string, fromYear: number, toYear: number): Transition[] {
	const found: Transition[] = [];
	for (let year = fromYear; year <= toYear; year++) found.push(...transitionsOfYear(zone, year));
	return found.filter((t) => t.at >= Date.UTC(fromYear, 0, 1) && t.at < Date.UTC(toYear + 1, 0, 1));
}

/** Finds the changes of one year of `zone` ahead of need: a slice of a feed's first build. */
export function prepareYear(zone: string, year: number) {
	transitionsOfYear(zone, year);
}

/** `+HHMM` or `+HHMMSS` of an offset in seconds, as TZOFFSETFROM/TO write it. */
function utcOffsetText(seconds: number): string {
	const sign = seconds < 0 ? '-' : '+';
	const abs = Math.abs(seconds);
	const pad = (n: number) => String(n).padStart(2, '0');
	const text = `${sign}${pad(Math.floor(abs / 3600))}${pad(Math.floor((abs % 3600) / 60))}`;
	return abs % 60 ? text + pad(abs % 60) : text;
}

/** The wall-clock time of `instant` at `offset` seconds, as YYYYMMDDTHHMMSS. */
function localText(instant: number, offset: number): string {
	return new Date(instant + offset * 1000).toISOString().slice(0, 19).replace(/[-:]/g, '');
}

/*
 * Daylight time is a change forward that the zone undoes within about a year; a change forward
 * that stays (a zone moving to a new standard offset) and every change back are standard time.
 */
function isDaylight(transitions: Transition[], index: number): boolean {
	const change = transitions[index]!;
	if (change.to <= change.from) return false;
	const next = transitions[index + 1];
	return next !== undefined && next.to === change.from && next.at - change.at < 400 * DAY;
}

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/**
 * The RRULE of onsets that recur every year on the same weekday of the same month (the nth, or
 * the last) at the same local time, as most zones' rules do; null for any other pattern, which
 * is written as RDATEs. Outlook desktop maps a VTIMEZONE to one yearly rule pair and reads RRULEs
 * best.
 */
function yearlyRule(onsets: number[], from: number, toYear: number): string | null {
	if (onsets.length < 2) return null;
	const locals = onsets.map((at) => new Date(at + from * 1000));
	const first = locals[0]!;
	const time = (d: Date) => d.toISOString().slice(11, 19);
	const daysInMonth = (d: Date) =>
		new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
	const regular = locals.every(
		(d, i) =>
			d.getUTCFullYear() === first.getUTCFullYear() + i &&
			d.getUTCMonth() === first.getUTCMonth() &&
			d.getUTCDay() === first.getUTCDay() &&
			time(d) === time(first)
	);
	if (!regular) return null;
	const nth = (d: Date) => Math.ceil(d.getUTCDate() / 7);
	// "Last" first: the usual rule (Europe), and right in the years after too, where a 4th or 5th
	// weekday found in a few years may not be the last.
	let ordinal: number;
	if (locals.every((d) => d.getUTCDate() + 7 > daysInMonth(d))) ordinal = -1;
	else if (nth(first) < 5 && locals.every((d) => nth(d) === nth(first))) ordinal = nth(first);
	else return null;
	// A rule that stopped within the span is listed as RDATEs rather than ended with UNTIL: the
	// UTC UNTIL that RFC 5545 requires here makes python's icalendar 4 (Debian's) fail on the file.
	if (locals[locals.length - 1]!.getUTCFullYear() < toYear) return null;
	return `FREQ=YEARLY;BYMONTH=${first.getUTCMonth() + 1};BYDAY=${ordinal}${WEEKDAYS[first.getUTCDay()]}`;
}

const blocks = new Map<string, string>();
const MAX_BLOCKS = 2_000;

/**
 * The VTIMEZONE of `tzid`, CRLF-terminated lines, right for every instant in the years `fromYear`
 * to `toYear`. TZID is written exactly as given (an alias such as Asia/Saigon included, which Intl
 * resolves): clients match it to DTSTART's TZID character for character.
 */
export function vtimezoneBlock(tzid: string, fromYear: number, toYear: number): string {
	const key = `${tzid}|${fromYear}|${toYear}`;
	const remembered = blocks.get(key);
	if (remembered !== undefined) return remembered;

	const spanStart = Date.UTC(fromYear, 0, 1);
	// A year more than written, to tell a southern summer that starts in the last year from a
	// lasting change (isDaylight looks at the next change).
	const known = offsetTransitions(tzid, fromYear, toYear + 1).filter((t) => t.at > spanStart);
	const spanEnd = Date.UTC(toYear + 1, 0, 1);
	const lines = ['BEGIN:VTIMEZONE', `TZID:${tzid}`];
	const firstYearEnd = Date.UTC(fromYear + 1, 0, 1);
	// The anchor: the offset in force from the span's start, for a zone with no change in the
	// span's first year (ical.js reads a time before every onset as UTC). The events start a year
	// after the span, so a zone that changes in that year needs none.
	if (!known.some((t) => t.at < firstYearEnd)) {
		const initial = offsetAt(tzid, spanStart);
		lines.push(
			'BEGIN:STANDARD',
			`DTSTART:${localText(spanStart, initial)}`,
			`TZOFFSETFROM:${utcOffsetText(initial)}`,
			`TZOFFSETTO:${utcOffsetText(initial)}`,
			'END:STANDARD'
		);
	}
	// Changes of the same kind and offsets share one sub-component.
	const groups = new Map<string, { kind: string; from: number; to: number; onsets: number[] }>();
	known.forEach((change, index) => {
		if (change.at >= spanEnd) return;
		const kind = isDaylight(known, index) ? 'DAYLIGHT' : 'STANDARD';
		const groupKey = `${kind}|${change.from}|${change.to}`;
		let group = groups.get(groupKey);
		if (!group) {
			group = { kind, from: change.from, to: change.to, onsets: [] };
			groups.set(groupKey, group);
		}
		group.onsets.push(change.at);
	});
	for (const { kind, from, to, onsets } of groups.values()) {
		// RFC 5545: an onset is written in the local time in force before it (TZOFFSETFROM).
		const starts = onsets.map((at) => localText(at, from));
		lines.push(
			`BEGIN:${kind}`,
			`DTSTART:${starts[0]}`,
			`TZOFFSETFROM:${utcOffsetText(from)}`,
			`TZOFFSETTO:${utcOffsetText(to)}`
		);
		const rule = yearlyRule(onsets, from, toYear);
		if (rule) lines.push(`RRULE:${rule}`);
		// Otherwise the first onset is repeated as an RDATE: libical and ical.js read a sub-component
		// that has RDATEs as those dates alone, and would skip the DTSTART.
		else if (starts.length > 1) for (const rdate of starts) lines.push(`RDATE:${rdate}`);
		lines.push(`END:${kind}`);
	}
	lines.push('END:VTIMEZONE');
	const block = lines.join('\r\n') + '\r\n';
	if (blocks.size >= MAX_BLOCKS) blocks.clear();
	blocks.set(key, block);
	return block;
}

/** The years an event's instants fall in, widened by one on each side (for clients' lookups near the edges). */
export function spanOf(instants: string[]): { fromYear: number; toYear: number } {
	let min = Infinity;
	let max = -Infinity;
	for (const iso of instants) {
		const year = new Date(iso).getUTCFullYear();
		if (year < min) min = year;
		if (year > max) max = year;
	}
	return { fromYear: min - 1, toYear: max + 1 };
}
