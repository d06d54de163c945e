import { database } from '$lib/server/app';
import * as views from '$lib/server/organiser-views';
import { getLocale } from '$lib/paraglide/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => views.dashboard(database(), getLocale());
