import { createChallenge, verifySolution, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type { Db } from '../db';
import * as signing from '../auth/signing';
import { once } from './limits';

/*
 * ALTCHA proof of work on sign-up, made and checked here (altcha-lib; no outside service): the
 * join page carries a challenge signed with a key derived from the database's secret, the
 * browser finds the counter (a second or two of hashing), and the server checks the answer
 * once. A challenge is good for ten minutes and for one sign-up.
 */

export const FIELD = 'altcha';
const VALID_MS = 10 * 60_000;
/** The work asked: the counter is drawn up to this many SHA-256 hashes. */
const MAX_COUNTER = 50_000;
const MIN_COUNTER = 5_000;

const keys = (db: Db) => ({
	hmacSignatureSecret: signing.sign(db, 'altcha', 'challenge'),
	hmacKeySignatureSecret: signing.sign(db, 'altcha', 'key')
});

/** A new challenge for a join page. */
export function challenge(db: Db, now: number): Promise<Challenge> {
	return createChallenge({
		algorithm: 'SHA-256',
		cost: 1,
		counter: MIN_COUNTER + Math.floor(Math.random() * (MAX_COUNTER - MIN_COUNTER)),
		deriveKey,
		expiresAt: new Date(now + VALID_MS),
		...keys(db)
	});
}

export type Proof = 'none' | 'solved' | 'refused';

type Payload = { challenge: Challenge; solution: { counter: number; derivedKey: string } };

function parse(value: string): Payload | null {
	if (value.length > 4096) return null;
	try {
		const payload = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as Payload;
		if (
			typeof payload?.challenge?.parameters?.nonce !== 'string' ||
			typeof payload.solution !== 'object' ||
			payload.solution === null
		)
			return null;
		return payload;
	} catch {
		return null;
	}
}

/**
 * What the sign-up form's `altcha` field proves: nothing (empty: JavaScript was off), a solved
 * challenge of ours, used for the first time (it is then spent), or anything else.
 */
export async function check(db: Db, value: unknown, now: number): Promise<Proof> {
	if (typeof value !== 'string' || value === '') return 'none';
	const payload = parse(value);
	if (!payload) return 'refused';
	let result;
	try {
		result = await verifySolution({
			challenge: payload.challenge,
			solution: payload.solution,
			deriveKey,
			...keys(db)
		});
	} catch {
		return 'refused';
	}
	if (!result.verified) return 'refused';
	// Spent once verified: the same answer sent again is refused for as long as it could be valid.
	return once(db, `altcha:${payload.challenge.parameters.nonce}`, VALID_MS, now)
		? 'solved'
		: 'refused';
}

/** The field's value for a solved challenge, as the join page's script sends it. */
export function encode(payload: Payload): string {
	return Buffer.from(JSON.stringify(payload)).toString('base64');
}
