import * as forumFeeds from '$lib/server/formats/forum-feeds';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => forumFeeds.answerDiscussionFeed(event, 'post');
