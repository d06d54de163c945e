import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

/** OWASP's Argon2id baseline: 19 MiB of memory, 2 passes, 1 lane. */
// `algorithm: 2` is Algorithm.Argon2id, a const enum that isolated modules cannot import.
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
// Argon2 takes any length; a cap keeps a megabyte "password" from being a denial of service.
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common';

let common: Set<string> | null = null;
function commonPasswords(): Set<string> {
	// ~49,000 passwords seen most often in breaches, loaded on first use.
	common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
	return common;
}

/** What is wrong with a new password, or null. Length and commonness only: no composition rules. */
export function checkNewPassword(password: string, context: string[] = []): PasswordProblem | null {
	const length = [...password].length;
	if (length < MIN_PASSWORD_LENGTH) return 'too_short';
	if (length > MAX_PASSWORD_LENGTH) return 'too_long';
	const lower = password.toLowerCase();
	if (commonPasswords().has(lower)) return 'too_common';
	if (context.some((c) => c && lower === c.toLowerCase())) return 'too_common';
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
