/**
 * One name per time zone. Calendars compare TZIDs as strings, so `US/Eastern`, `us/eastern` and
 * `America/New_York` stored side by side would read as three zones: every zone is stored under
 * its current IANA name. Plain Intl, so the event form can use it in the browser too.
 */

/**
 * ICU (Node 20, and older browsers) still names these zones by spellings IANA has since renamed
 * (tzdata "backward" file). Only renames: zones IANA merged across countries
 * (Europe/Bratislava into Europe/Prague, …) keep their own name, as CLDR and Temporal do.
 */
export const RENAMED_ZONES: Readonly<Record<string, string>> = {
	'Africa/Asmera': 'Africa/Asmara',
	'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
	'America/Catamarca': 'America/Argentina/Catamarca',
	'America/Coral_Harbour': 'America/Atikokan',
	'America/Cordoba': 'America/Argentina/Cordoba',
	'America/Godthab': 'America/Nuuk',
	'America/Indianapolis': 'America/Indiana/Indianapolis',
	'America/Jujuy': 'America/Argentina/Jujuy',
	'America/Louisville': 'America/Kentucky/Louisville',
	'America/Mendoza': 'America/Argentina/Mendoza',
	'Asia/Calcutta': 'Asia/Kolkata',
	'Asia/Katmandu': 'Asia/Kathmandu',
	'Asia/Rangoon': 'Asia/Yangon',
	'Asia/Saigon': 'Asia/Ho_Chi_Minh',
	'Atlantic/Faeroe': 'Atlantic/Faroe',
	'Europe/Kiev': 'Europe/Kyiv',
	'Pacific/Enderbury': 'Pacific/Kanton',
	'Pacific/Ponape': 'Pacific/Pohnpei',
	'Pacific/Truk': 'Pacific/Chuuk'
};

const current = (name: string) => RENAMED_ZONES[name] ?? name;

let byLowerCase: Map<string, string> | undefined;
let offered: string[] | undefined;

/** Every spelling we know, lower-cased, to its current name; built on first use. */
function index(): Map<string, string> {
	if (!byLowerCase) {
		byLowerCase = new Map();
		// UTC is missing from ICU's list but is the zone organisers most often mean by "no zone".
		for (const name of [...Intl.supportedValuesOf('timeZone'), 'UTC']) byLowerCase.set(name.toLowerCase(), current(name));
		for (const [old, now] of Object.entries(RENAMED_ZONES)) {
			byLowerCase.set(old.toLowerCase(), now);
			byLowerCase.set(now.toLowerCase(), now);
		}
	}
	return byLowerCase;
}

/**
 * The current IANA name of the zone `name` designates, whatever its case or alias
 * (`us/eastern` → `America/New_York`, `Asia/Saigon` → `Asia/Ho_Chi_Minh`), or null when no
 * zone has that name.
 */
export function canonicalTimeZone(name: string): string | null {
	const typed = name.trim();
	if (!typed) return null;
	const known = index().get(typed.toLowerCase());
	if (known) return known;
	// An alias ICU knows but does not list (US/Eastern, Etc/UTC): ICU names its zone.
	let resolved: string;
	try {
		resolved = new Intl.DateTimeFormat('en', { timeZone: typed }).resolvedOptions().timeZone;
	} catch {
		return null;
	}
	// Newer engines accept bare offsets (+01:00): no calendar knows them as a TZID.
	if (!/^[A-Za-z]/.test(resolved)) return null;
	return index().get(resolved.toLowerCase()) ?? resolved;
}

/** The names the zone picker offers: current names only, each once, sorted. */
export function timeZoneChoices(): string[] {
	offered ??= [...new Set(index().values())].sort();
	return offered;
}
