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

/**
 * Older aliases ICU accepts but does not list (US/Eastern, Canada/Pacific, GB, Etc/UTC…), from
 * the same "backward" file, as Node 20's ICU resolves them. Written out because engines that
 * follow the newer ECMA-402 rule report an alias as typed rather than as its zone.
 */
export const LEGACY_ZONES: Readonly<Record<string, string>> = {
	'Africa/Timbuktu': 'Africa/Bamako',
	'America/Argentina/ComodRivadavia': 'America/Argentina/Catamarca',
	'America/Atka': 'America/Adak',
	'America/Ensenada': 'America/Tijuana',
	'America/Fort_Wayne': 'America/Indiana/Indianapolis',
	'America/Knox_IN': 'America/Indiana/Knox',
	'America/Montreal': 'America/Toronto',
	'America/Nipigon': 'America/Toronto',
	'America/Pangnirtung': 'America/Iqaluit',
	'America/Porto_Acre': 'America/Rio_Branco',
	'America/Rainy_River': 'America/Winnipeg',
	'America/Rosario': 'America/Argentina/Cordoba',
	'America/Santa_Isabel': 'America/Tijuana',
	'America/Shiprock': 'America/Denver',
	'America/Thunder_Bay': 'America/Toronto',
	'America/Virgin': 'America/St_Thomas',
	'America/Yellowknife': 'America/Edmonton',
	'Antarctica/South_Pole': 'Antarctica/McMurdo',
	'Asia/Ashkhabad': 'Asia/Ashgabat',
	'Asia/Choibalsan': 'Asia/Ulaanbaatar',
	'Asia/Chongqing': 'Asia/Shanghai',
	'Asia/Chungking': 'Asia/Shanghai',
	'Asia/Dacca': 'Asia/Dhaka',
	'Asia/Harbin': 'Asia/Shanghai',
	'Asia/Istanbul': 'Europe/Istanbul',
	'Asia/Kashgar': 'Asia/Urumqi',
	'Asia/Macao': 'Asia/Macau',
	'Asia/Tel_Aviv': 'Asia/Jerusalem',
	'Asia/Thimbu': 'Asia/Thimphu',
	'Asia/Ujung_Pandang': 'Asia/Makassar',
	'Asia/Ulan_Bator': 'Asia/Ulaanbaatar',
	'Atlantic/Jan_Mayen': 'Arctic/Longyearbyen',
	'Australia/ACT': 'Australia/Sydney',
	'Australia/Canberra': 'Australia/Sydney',
	'Australia/Currie': 'Australia/Hobart',
	'Australia/LHI': 'Australia/Lord_Howe',
	'Australia/NSW': 'Australia/Sydney',
	'Australia/North': 'Australia/Darwin',
	'Australia/Queensland': 'Australia/Brisbane',
	'Australia/South': 'Australia/Adelaide',
	'Australia/Tasmania': 'Australia/Hobart',
	'Australia/Victoria': 'Australia/Melbourne',
	'Australia/West': 'Australia/Perth',
	'Australia/Yancowinna': 'Australia/Broken_Hill',
	'Brazil/Acre': 'America/Rio_Branco',
	'Brazil/DeNoronha': 'America/Noronha',
	'Brazil/East': 'America/Sao_Paulo',
	'Brazil/West': 'America/Manaus',
	'Canada/Atlantic': 'America/Halifax',
	'Canada/Central': 'America/Winnipeg',
	'Canada/Eastern': 'America/Toronto',
	'Canada/Mountain': 'America/Edmonton',
	'Canada/Newfoundland': 'America/St_Johns',
	'Canada/Pacific': 'America/Vancouver',
	'Canada/Saskatchewan': 'America/Regina',
	'Canada/Yukon': 'America/Whitehorse',
	'Chile/Continental': 'America/Santiago',
	'Chile/EasterIsland': 'Pacific/Easter',
	Cuba: 'America/Havana',
	Egypt: 'Africa/Cairo',
	Eire: 'Europe/Dublin',
	'Etc/GMT+0': 'UTC',
	'Etc/GMT-0': 'UTC',
	'Etc/GMT0': 'UTC',
	'Etc/Greenwich': 'UTC',
	'Etc/UCT': 'UTC',
	'Etc/Universal': 'UTC',
	'Etc/Zulu': 'UTC',
	'Europe/Belfast': 'Europe/London',
	'Europe/Nicosia': 'Asia/Nicosia',
	'Europe/Tiraspol': 'Europe/Chisinau',
	'Europe/Uzhgorod': 'Europe/Kyiv',
	'Europe/Zaporozhye': 'Europe/Kyiv',
	GB: 'Europe/London',
	'GB-Eire': 'Europe/London',
	GMT: 'UTC',
	'GMT+0': 'UTC',
	'GMT-0': 'UTC',
	GMT0: 'UTC',
	Greenwich: 'UTC',
	Hongkong: 'Asia/Hong_Kong',
	Iceland: 'Atlantic/Reykjavik',
	Iran: 'Asia/Tehran',
	Israel: 'Asia/Jerusalem',
	Jamaica: 'America/Jamaica',
	Japan: 'Asia/Tokyo',
	Kwajalein: 'Pacific/Kwajalein',
	Libya: 'Africa/Tripoli',
	'Mexico/BajaNorte': 'America/Tijuana',
	'Mexico/BajaSur': 'America/Mazatlan',
	'Mexico/General': 'America/Mexico_City',
	NZ: 'Pacific/Auckland',
	'NZ-CHAT': 'Pacific/Chatham',
	Navajo: 'America/Denver',
	PRC: 'Asia/Shanghai',
	'Pacific/Johnston': 'Pacific/Honolulu',
	'Pacific/Samoa': 'Pacific/Pago_Pago',
	'Pacific/Yap': 'Pacific/Chuuk',
	Poland: 'Europe/Warsaw',
	Portugal: 'Europe/Lisbon',
	ROC: 'Asia/Taipei',
	ROK: 'Asia/Seoul',
	Singapore: 'Asia/Singapore',
	Turkey: 'Europe/Istanbul',
	UCT: 'UTC',
	'US/Alaska': 'America/Anchorage',
	'US/Aleutian': 'America/Adak',
	'US/Arizona': 'America/Phoenix',
	'US/Central': 'America/Chicago',
	'US/East-Indiana': 'America/Indiana/Indianapolis',
	'US/Eastern': 'America/New_York',
	'US/Hawaii': 'Pacific/Honolulu',
	'US/Indiana-Starke': 'America/Indiana/Knox',
	'US/Michigan': 'America/Detroit',
	'US/Mountain': 'America/Denver',
	'US/Pacific': 'America/Los_Angeles',
	'US/Samoa': 'Pacific/Pago_Pago',
	Universal: 'UTC',
	'W-SU': 'Europe/Moscow',
	Zulu: 'UTC'
};

const current = (name: string) => RENAMED_ZONES[name] ?? name;

let byLowerCase: Map<string, string> | undefined;
let offered: string[] | undefined;

/** Every spelling we know, lower-cased, to its current name; built on first use. */
function index(): Map<string, string> {
	if (!byLowerCase) {
		byLowerCase = new Map();
		// UTC is missing from ICU's list but is the zone organisers most often mean by "no zone".
		for (const name of [...Intl.supportedValuesOf('timeZone'), 'UTC'])
			byLowerCase.set(name.toLowerCase(), current(name));
		for (const [old, now] of [...Object.entries(LEGACY_ZONES), ...Object.entries(RENAMED_ZONES)]) {
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
	// A name ICU knows but neither it nor we list: ICU names its zone, or at least its spelling.
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
