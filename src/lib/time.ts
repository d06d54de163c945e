/**
 * Calendar arithmetic in IANA time zones with nothing but Intl: Node 20 has no Temporal,
 * and these few functions are all the hub needs.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isValidTimeZone(tz: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: tz });
		return tz.length > 0;
	} catch {
		return false;
	}
}

/** True for a real calendar date written YYYY-MM-DD (rejects 2025-02-30). */
export function isIsoDate(value: string): boolean {
	const m = DATE_RE.exec(value);
	if (!m) return false;
	const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
	return new Date(ms).toISOString().slice(0, 10) === value;
}

/** The date `days` after `date` (both YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
	const m = DATE_RE.exec(date);
	if (!m) throw new RangeError(`Not a date: ${date}`);
	const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + days * DAY_MS;
	return new Date(ms).toISOString().slice(0, 10);
}

const wallFormatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock reading of `utcMs` in `timeZone`, field by field. */
export function wallClock(utcMs: number, timeZone: string) {
	let fmt = wallFormatters.get(timeZone);
	if (!fmt) {
		fmt = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		wallFormatters.set(timeZone, fmt);
	}
	const parts = Object.fromEntries(fmt.formatToParts(utcMs).map((p) => [p.type, p.value]));
	return {
		date: `${parts.year}-${parts.month}-${parts.day}`,
		time: `${parts.hour}:${parts.minute}`,
		year: Number(parts.year),
		month: Number(parts.month),
		day: Number(parts.day),
		hour: Number(parts.hour),
		minute: Number(parts.minute),
		second: Number(parts.second)
	};
}

/** The zone's offset from UTC, in milliseconds, at the instant `utcMs`. */
export function zoneOffset(utcMs: number, timeZone: string): number {
	const w = wallClock(utcMs, timeZone);
	const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
	return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * The UTC instant of a wall-clock time in a zone. A time skipped by a daylight-saving jump
 * moves forward by the jump; a repeated one takes its first occurrence.
 */
export function zonedTimeToUtc(date: string, time: string, timeZone: string): number {
	const d = DATE_RE.exec(date);
	const t = /^(\d{2}):(\d{2})$/.exec(time);
	if (!d || !t) throw new RangeError(`Not a date and time: ${date} ${time}`);
	const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
	// Offsets a day either side bracket any transition near `wall` (zones change at most once a day).
	const before = wall - zoneOffset(wall - DAY_MS, timeZone);
	const after = wall - zoneOffset(wall + DAY_MS, timeZone);
	const readsAsWall = [before, after].filter((c) => c + zoneOffset(c, timeZone) === wall);
	if (readsAsWall.length > 0) return Math.min(...readsAsWall);
	// In a gap: the offset in force before the jump carries the time past it.
	return before;
}

/** Local midnight at the start of `date` in `timeZone`, as UTC milliseconds. */
export function startOfDayUtc(date: string, timeZone: string): number {
	return zonedTimeToUtc(date, '00:00', timeZone);
}
