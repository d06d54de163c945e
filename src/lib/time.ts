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
 * What a wall-clock time reads as in a zone: one instant; none, when a daylight-saving jump
 * skips it (`gap`: the clocks read `jumpFrom` and then `jumpTo`, the nearest times that exist
 * are `lastBefore` and `jumpTo`); or two, when the clocks go back and it happens twice
 * (`ambiguous`: `earlier` and `later`, with the zone's offset from UTC at each, in minutes).
 */
export type WallTimeReading =
	| { kind: 'exact'; instant: number }
	| { kind: 'gap'; skipped: number; jumpFrom: string; jumpTo: string; lastBefore: string }
	| {
			kind: 'ambiguous';
			earlier: number;
			later: number;
			earlierOffset: number;
			laterOffset: number;
	  };

export function readWallTime(date: string, time: string, timeZone: string): WallTimeReading {
	const d = DATE_RE.exec(date);
	const t = /^(\d{2}):(\d{2})$/.exec(time);
	if (!d || !t) throw new RangeError(`Not a date and time: ${date} ${time}`);
	const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
	// Offsets a day either side bracket any transition near `wall` (zones change at most once a day).
	const offsetBefore = zoneOffset(wall - DAY_MS, timeZone);
	const offsetAfter = zoneOffset(wall + DAY_MS, timeZone);
	const candidates = [...new Set([wall - offsetBefore, wall - offsetAfter])].sort((a, b) => a - b);
	const readsAsWall = candidates.filter((c) => c + zoneOffset(c, timeZone) === wall);
	if (readsAsWall.length === 2) {
		const [earlier, later] = readsAsWall as [number, number];
		return {
			kind: 'ambiguous',
			earlier,
			later,
			earlierOffset: zoneOffset(earlier, timeZone) / 60_000,
			laterOffset: zoneOffset(later, timeZone) / 60_000
		};
	}
	if (readsAsWall.length === 1) return { kind: 'exact', instant: readsAsWall[0]! };
	// In a gap: the jump happens between the two candidates; find it to the minute.
	let lo = wall - offsetAfter;
	let hi = wall - offsetBefore;
	while (hi - lo > 60_000) {
		const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
		if (zoneOffset(mid, timeZone) === offsetBefore) lo = mid;
		else hi = mid;
	}
	const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);
	return {
		kind: 'gap',
		// Carried past the jump by the offset in force before it, as the clocks would.
		skipped: wall - offsetBefore,
		jumpFrom: clock(hi + offsetBefore),
		jumpTo: wallClock(hi, timeZone).time,
		lastBefore: wallClock(hi - 60_000, timeZone).time
	};
}

/**
 * The UTC instant of a wall-clock time in a zone. A time skipped by a daylight-saving jump
 * moves forward by the jump; a repeated one takes its first occurrence. For input an organiser
 * typed, use readWallTime and ask instead of guessing.
 */
export function zonedTimeToUtc(date: string, time: string, timeZone: string): number {
	const reading = readWallTime(date, time, timeZone);
	if (reading.kind === 'exact') return reading.instant;
	return reading.kind === 'ambiguous' ? reading.earlier : reading.skipped;
}

/** An offset from UTC in minutes, as people write it: UTC+2, UTC−3:30, UTC. */
export function formatUtcOffset(minutes: number): string {
	if (minutes === 0) return 'UTC';
	const abs = Math.abs(minutes);
	const hm =
		abs % 60 === 0
			? String(abs / 60)
			: `${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}`;
	return `UTC${minutes < 0 ? '\u2212' : '+'}${hm}`;
}

/** Local midnight at the start of `date` in `timeZone`, as UTC milliseconds. */
export function startOfDayUtc(date: string, timeZone: string): number {
	return zonedTimeToUtc(date, '00:00', timeZone);
}
