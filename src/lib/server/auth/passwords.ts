import { hash, verify } from '@node-rs/argon2';

/** OWASP's Argon2id baseline: 19 MiB of memory, 2 passes, 1 lane. */
// `algorithm: 2` is Algorithm.Argon2id, a const enum that isolated modules cannot import.
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
// Argon2 takes any length; a cap keeps a megabyte "password" from being a denial of service.
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordProblem = 'too_short' | 'too_long' | 'too_guessable';

/**
 * zxcvbn's scale: 3 is "safely unguessable: moderate protection from an offline attack"
 * (about 10^8 guesses and more). Below that, a password falls to a dictionary with variations.
 */
export const MIN_PASSWORD_SCORE = 3;

type Estimator = import('@zxcvbn-ts/core').ZxcvbnFactory;
let estimator: Promise<Estimator> | null = null;
function strengthEstimator(): Promise<Estimator> {
	// The dictionaries are megabytes of JavaScript: loaded on the first new password, not when
	// the server starts (a few hundred milliseconds once).
	estimator ??= (async () => {
		const [{ ZxcvbnFactory }, common, en, fr] = await Promise.all([
			import('@zxcvbn-ts/core'),
			import('@zxcvbn-ts/language-common'),
			import('@zxcvbn-ts/language-en'),
			import('@zxcvbn-ts/language-fr')
		]);
		return new ZxcvbnFactory({
			dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary },
			graphs: common.adjacencyGraphs
		});
	})();
	return estimator;
}

function ownWords(context: string[]): string[] {
	return context
		.flatMap((c) => c.toLowerCase().split(/[^\p{L}\p{N}]+/u))
		.filter((w) => w.length >= 3);
}

/** The user's name and address, whole and in words, so a password built from them counts as guessed. */
function userInputs(context: string[]): string[] {
	return [...context.filter(Boolean), ...ownWords(context)];
}

/**
 * The password with the user's own words taken out. zxcvbn scores "dominique orga example" as
 * strong for Dominique Orga (it rates separators and word order generously): what is left once
 * the name and address are gone must be strong by itself.
 */
function withoutOwnWords(password: string, context: string[]): string {
	let rest = password.toLowerCase();
	for (const word of ownWords(context).sort((a, b) => b.length - a.length))
		rest = rest.replaceAll(word, ' ');
	return rest.replace(/\s+/gu, ' ').trim();
}

/**
 * What is wrong with a new password, or null. Length, then an estimate of how many guesses it
 * takes (zxcvbn: common passwords, words of English and French, names, keyboard patterns,
 * repeats, sequences, dates, the user's own name and address), never composition rules.
 */
export async function checkNewPassword(
	password: string,
	context: string[] = []
): Promise<PasswordProblem | null> {
	const length = [...password].length;
	if (length < MIN_PASSWORD_LENGTH) return 'too_short';
	if (length > MAX_PASSWORD_LENGTH) return 'too_long';
	const estimate = await strengthEstimator();
	const inputs = userInputs(context);
	if (estimate.check(password, inputs).score < MIN_PASSWORD_SCORE) return 'too_guessable';
	const rest = withoutOwnWords(password, context);
	if (
		rest !== password.toLowerCase().trim() &&
		estimate.check(rest, inputs).score < MIN_PASSWORD_SCORE
	)
		return 'too_guessable';
	return null;
}

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	if (password.length > MAX_PASSWORD_LENGTH * 4) return false;
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

let dummyHash: Promise<string> | null = null;
/**
 * Spends the time of a real verification when there is no account to check against, so the
 * login's answer time does not tell whether an address has an account.
 */
export async function verifyNothing(password: string): Promise<false> {
	dummyHash ??= hashPassword('no account has this password, it only burns time');
	await verifyPassword(await dummyHash, password);
	return false;
}
