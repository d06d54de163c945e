import type { Db } from '../db';

/* Follows and notifications (stub: helper NOTIFY owns it). */

/** The author of a message follows its discussion from then on (unless they unfollowed it). */
export function followOnWrite(_db: Db, _accountId: number, _discussionId: number, _now: number) {}

/**
 * A message became public (written published, or approved): whoever it answers and whoever
 * follows its discussion is to hear of it. Called in the transaction that published it.
 */
export function notifyPublished(_db: Db, _messageId: number, _now: number) {}
