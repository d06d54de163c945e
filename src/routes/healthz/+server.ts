import { databaseAnswers } from '$lib/server/app';
import type { RequestHandler } from './$types';

/** For load balancers and supervisors: 200 while the database answers, 503 otherwise. */
export const GET: RequestHandler = () =>
	databaseAnswers()
		? new Response('ok\n', {
				headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
			})
		: new Response('database unavailable\n', {
				status: 503,
				headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
			});
