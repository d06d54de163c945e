import * as accountData from '$lib/server/forms/account-data';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => accountData.download(event);
