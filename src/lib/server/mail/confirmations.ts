import type { Account } from '../accounts/accounts';
import type { Db } from '../db';

/* Email confirmation (stub: helper MAIL owns it). */

/** A member just signed up: queue the confirmation email, in the transaction that made the account. */
export function onSignUp(_db: Db, _account: Account, _now: number) {}
