/*
 * Paraglide matches every address against our language patterns by building a URLPattern for
 * each call, from the pattern and the address: on Node 20 the polyfill compiles it into regular
 * expressions each time (~0.15 ms; two or three per call, several calls per page: the layout's
 * and the language switcher's deLocalizeHref among them). A URLPattern never changes once made,
 * so one made from the same pattern and base address is the same: the server keeps those it
 * made, and Paraglide's next call on the same address only runs the match.
 */

type PatternClass = new (input?: unknown, baseURL?: unknown, options?: unknown) => object;

/** Addresses longer than this are a stranger's, not a page of ours: compiled, never kept. */
const MAX_KEPT_BASE = 1024;
/** About 12 KB each (eight compiled components): ~4 MB, the least recently used let go first. */
const MAX_KEPT = 300;
const REMEMBERING = Symbol.for('rencontres.rememberedUrlPattern');

/**
 * A URLPattern class that hands back the pattern it already made for the same two strings.
 * Anything else (a dictionary, options) is made afresh, as before.
 */
export function rememberingPatterns(Base: PatternClass): PatternClass {
	const made = new Map<string, object>();
	function Remembering(this: unknown, ...args: unknown[]) {
		if (!new.target)
			throw new TypeError("Class constructor URLPattern cannot be invoked without 'new'");
		const [input, baseURL] = args;
		if (
			args.length > 2 ||
			typeof input !== 'string' ||
			typeof baseURL !== 'string' ||
			baseURL.length > MAX_KEPT_BASE
		)
			return new Base(...args);
		const key = `${input}\u0000${baseURL}`;
		let pattern = made.get(key);
		if (pattern) made.delete(key);
		else {
			pattern = new Base(input, baseURL);
			if (made.size >= MAX_KEPT) made.delete(made.keys().next().value!);
		}
		// Last in the map's order: the most recently used.
		made.set(key, pattern);
		return pattern;
	}
	Remembering.prototype = Base.prototype;
	Object.defineProperty(Remembering, REMEMBERING, { value: true });
	return Remembering as unknown as PatternClass;
}

/** Puts the remembering class in place of the global one (the polyfill's); once is enough. */
export function rememberCompiledPatterns(
	scope: { URLPattern?: unknown } = globalThis as { URLPattern?: unknown }
) {
	const current = scope.URLPattern as (PatternClass & { [REMEMBERING]?: true }) | undefined;
	if (!current || current[REMEMBERING]) return;
	scope.URLPattern = rememberingPatterns(current);
}
