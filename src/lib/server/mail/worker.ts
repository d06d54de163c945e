import type { Db } from '../db';
import * as outbox from './outbox';
import type { Transport } from './transport';

/*
 * The outbox's sender, started by the server when email is configured (app.ts). Every few
 * seconds, and just after an email is queued, it claims what is due, a few at a time, and
 * sends them one after the other. It never throws: a failed send is a row to retry, and a
 * request never waits for it (queuing is all a request does).
 */

/** Emails claimed at a time: a lease is short work, the rest stay for another round or server. */
export const BATCH = 5;
/** After an enqueue, a short wait: the transaction that queued it has committed by then. */
const SOON_MS = 20;

export type Worker = {
	/** Looks at the outbox soon (after an enqueue). */
	wake(): void;
	/** One round now; resolves when it is done (tests and shutdown wait on it). */
	runOnce(): Promise<number>;
	/** No new round; resolves once the one under way, if any, has finished. */
	stop(): Promise<void>;
};

/** An error said without what could identify the server's account: no user, no password. */
export function describeError(error: unknown, secrets: string[] = []): string {
	const e = error as { code?: string; responseCode?: number; message?: string } | null;
	let said = [e?.code, e?.responseCode, e?.message ?? String(error)].filter(Boolean).join(' ');
	for (const secret of secrets) if (secret) said = said.split(secret).join('***');
	return said.replace(/[\p{C}\s]+/gu, ' ').trim();
}

export function startWorker(
	db: Db,
	transport: Transport,
	{
		intervalMs,
		domain,
		secrets = [],
		clock = Date.now
	}: { intervalMs: number; domain: string; secrets?: string[]; clock?: () => number }
): Worker {
	let running: Promise<number> | null = null;
	let again = false;
	let stopped = false;
	let soon: ReturnType<typeof setTimeout> | null = null;

	async function round(): Promise<number> {
		let sent = 0;
		for (;;) {
			if (stopped) return sent;
			let batch: outbox.Claimed[];
			try {
				batch = outbox.claim(db, BATCH, clock());
			} catch (error) {
				console.error(`Rencontres: the outbox could not be read: ${describeError(error)}`);
				return sent;
			}
			if (batch.length === 0) return sent;
			for (const email of batch) {
				try {
					await transport.send({
						to: email.to,
						subject: email.subject,
						text: email.text,
						html: email.html,
						// The same on every attempt: a receiver that got it twice can tell.
						messageId: `<outbox-${email.id}.${email.createdAt}@${domain}>`,
						// RFC 3834: no auto-responder answers an automatic email.
						headers: { ...email.headers, 'Auto-Submitted': 'auto-generated' }
					});
					outbox.markSent(db, email.id, clock());
					sent++;
				} catch (error) {
					try {
						outbox.markFailed(db, email.id, email.attempts, describeError(error, secrets), clock());
					} catch (inner) {
						// The lease brings the row back: nothing is lost.
						console.error(`Rencontres: outbox row ${email.id}: ${describeError(inner)}`);
					}
				}
			}
		}
	}

	let prunedAt = 0;
	/** Old sent and given-up rows go, once an hour at most. */
	function pruneNowAndThen() {
		const now = clock();
		if (now - prunedAt < 3_600_000) return;
		prunedAt = now;
		try {
			outbox.prune(db, now);
		} catch (error) {
			console.error(`Rencontres: the outbox could not be pruned: ${describeError(error)}`);
		}
	}

	function runOnce(): Promise<number> {
		if (running) {
			again = true;
			return running;
		}
		pruneNowAndThen();
		running = round()
			.catch(() => 0)
			.finally(() => {
				running = null;
				if (again && !stopped) {
					again = false;
					void runOnce();
				}
			});
		return running;
	}

	const timer = setInterval(() => void runOnce(), intervalMs);
	// The worker alone never keeps the process alive.
	timer.unref();
	void runOnce();

	return {
		wake() {
			if (stopped || soon) return;
			soon = setTimeout(() => {
				soon = null;
				void runOnce();
			}, SOON_MS);
			soon.unref();
		},
		runOnce,
		async stop() {
			stopped = true;
			clearInterval(timer);
			if (soon) clearTimeout(soon);
			if (running) await running;
			transport.close();
		}
	};
}
