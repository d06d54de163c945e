import type { Db } from '../db';
import { prepared } from '../db/prepared';
import type { Locale } from '../db/schema';

/*
 * The outbox: every email is a row written in the transaction of what caused it, so an email is
 * never sent for something that was rolled back, nor lost when the server stops. The worker
 * (helper MAIL: mail/worker.ts) sends what is due and retries with backoff.
 */

export type OutgoingEmail = {
	to: string;
	/** The recipient's account, when they have one (their data export lists their emails). */
	accountId: number | null;
	/** What it is, for admins and tests: confirm, reset, notification, digest… */
	kind: string;
	locale: Locale;
	subject: string;
	text: string;
	html: string;
	/** Extra headers: List-Unsubscribe and List-Unsubscribe-Post for notifications. */
	headers?: Record<string, string>;
};

/** Queues an email, due at once; call it inside the transaction that makes it needed. */
export function enqueue(db: Db, email: OutgoingEmail, now = Date.now()): number {
	const { lastInsertRowid } = prepared(
		db,
		`insert into outbox (account_id, to_address, kind, locale, subject, text_body, html_body, headers,
		 next_attempt_at, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	).run(
		email.accountId,
		email.to,
		email.kind,
		email.locale,
		email.subject,
		email.text,
		email.html,
		email.headers ? JSON.stringify(email.headers) : null,
		now,
		now
	);
	return Number(lastInsertRowid);
}
