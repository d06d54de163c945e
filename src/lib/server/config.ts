import path from 'node:path';

/** What the server needs from its environment, checked once at start-up. */
export type Config = {
	databasePath: string;
	migrationsDir: string;
	origin: URL | null;
	/**
	 * Anti-abuse: a sign-up or message form sent back sooner than `formMinSeconds` after it was
	 * handed out is a script's; `rateLimits` off lifts the limits on messages and sign-ups.
	 */
	abuse: { formMinSeconds: number; rateLimits: boolean };
};

export class ConfigError extends Error {
	constructor(problems: string[]) {
		super(
			`Rencontres cannot start, its configuration is wrong:\n${problems.map((p) => `  - ${p}`).join('\n')}`
		);
		this.name = 'ConfigError';
	}
}

const DEFAULT_DATABASE = 'data/hub.db';

/**
 * Reads and checks the environment. Every problem is reported at once, each with the
 * variable to set, so an operator fixes the lot in one go instead of one per restart.
 * PORT and HOST are read by adapter-node itself; we only check them, because adapter-node
 * would otherwise listen on a random port or fail with an unhelpful error.
 */
export function readConfig(
	env: Record<string, string | undefined>,
	cwd = process.cwd(),
	{ requireOrigin = true }: { requireOrigin?: boolean } = {}
): Config {
	const problems: string[] = [];

	const port = env.PORT;
	if (port !== undefined && port !== '' && !/^\d{1,5}$/.test(port)) {
		problems.push(
			`PORT is "${port}": set PORT to a port number between 1 and 65535 (default 3000).`
		);
	} else if (port && (Number(port) < 1 || Number(port) > 65535)) {
		problems.push(`PORT is ${port}: set PORT to a port number between 1 and 65535 (default 3000).`);
	}

	if (env.HOST !== undefined && env.HOST.trim() === '') {
		problems.push(
			'HOST is empty: set HOST to the address to listen on (e.g. 0.0.0.0 or 127.0.0.1), or unset it.'
		);
	}

	let origin: URL | null = null;
	if (!env.ORIGIN && requireOrigin) {
		// Without it the address in links, feeds and calendars would come from each request's
		// Host header, which anyone can forge, and the response cache would hand it to everyone.
		problems.push(
			'ORIGIN is not set: set ORIGIN to the public address of the hub, scheme and host only (e.g. https://rencontres.example.org). `npm start` sets http://localhost:$PORT by itself.'
		);
	} else if (env.ORIGIN) {
		try {
			origin = new URL(env.ORIGIN);
			if (
				!['http:', 'https:'].includes(origin.protocol) ||
				origin.pathname !== '/' ||
				origin.search
			) {
				throw new Error('not an origin');
			}
		} catch {
			origin = null;
			problems.push(
				`ORIGIN is "${env.ORIGIN}": set ORIGIN to the public address of the hub, scheme and host only (e.g. https://rencontres.example.org).`
			);
		}
	}

	const rawDb = env.DATABASE_URL?.trim() || DEFAULT_DATABASE;
	const dbPath = rawDb.startsWith('file:') ? rawDb.slice('file:'.length) : rawDb;
	if (dbPath === ':memory:' || dbPath.endsWith('/') || dbPath.includes('\0')) {
		problems.push(
			`DATABASE_URL is "${rawDb}": set DATABASE_URL to the path of the SQLite file (default ${DEFAULT_DATABASE}).`
		);
	}

	// Anti-abuse (abuse/): browser tests fill forms faster than people, and set 0; tests of
	// everything but the limits post faster than 1 message in 10 s, and set RATE_LIMITS=off.
	const rawMinSeconds = env.FORM_MIN_SECONDS?.trim() || '3';
	const formMinSeconds = Number(rawMinSeconds);
	if (!/^\d{1,2}$/.test(rawMinSeconds) || formMinSeconds > 60) {
		problems.push(
			`FORM_MIN_SECONDS is "${env.FORM_MIN_SECONDS}": set FORM_MIN_SECONDS to a whole number of seconds from 0 to 60 (default 3), or unset it.`
		);
	}
	const rawLimits = env.RATE_LIMITS?.trim() || 'on';
	if (rawLimits !== 'on' && rawLimits !== 'off') {
		problems.push(
			`RATE_LIMITS is "${env.RATE_LIMITS}": set RATE_LIMITS to on (the default) or off (tests only: lifts the limits on messages and sign-ups).`
		);
	}

	if (problems.length > 0) throw new ConfigError(problems);

	return {
		databasePath: path.resolve(cwd, dbPath),
		migrationsDir: path.resolve(cwd, env.MIGRATIONS_DIR || 'drizzle'),
		origin,
		abuse: { formMinSeconds, rateLimits: rawLimits !== 'off' }
	};
}
