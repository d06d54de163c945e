import { eq } from 'drizzle-orm';
import type { Db } from '../../db';
import { meta } from '../../db/schema';
import * as events from '../events';
import * as posts from '../posts';
import { chatGptArticle, coopDesCommunsDay, ngiForum, ngiRecap, podcastEpisode } from './content';

const SEED_KEY = 'seed';
const SEED_VERSION = '1';

/**
 * Gives a new database its first content, once. The marker is written in the same
 * transaction as the content, so a crash leaves either all of it or none, and a later start
 * adds nothing, even if an organiser has since removed a seeded item.
 * Returns whether it seeded.
 */
export function seedDatabase(db: Db, now = Date.now()): boolean {
	return db.transaction((tx) => {
		const done = tx.select().from(meta).where(eq(meta.key, SEED_KEY)).get();
		if (done) return false;
		const txDb = tx as unknown as Db;
		const ngi = events.create(txDb, ngiForum, { now });
		events.create(txDb, coopDesCommunsDay, { now });
		posts.create(txDb, { ...ngiRecap, eventId: ngi.id }, { now });
		posts.create(txDb, podcastEpisode, { now });
		posts.create(txDb, chatGptArticle, { now });
		tx.insert(meta).values({ key: SEED_KEY, value: SEED_VERSION }).run();
		return true;
	});
}
