import { parse, type HTMLElement } from 'node-html-parser';
import { inject } from 'vitest';

let own: { url: string; databasePath: string } | null = null;

/**
 * Points this test file at a server of its own: files that change shared content (publishing a
 * recap, cancelling an event) must not change what another file's assertions see.
 */
export function useServer(server: { url: string; databasePath: string }) {
	own = server;
}

export const base = () => own?.url ?? inject('baseUrl');
export const databasePath = () => own?.databasePath ?? inject('databasePath');

/** A GET that never follows redirects, so tests see exactly what the server said. */
export function get(path: string, headers: Record<string, string> = {}) {
	return fetch(base() + path, { headers, redirect: 'manual' });
}

export async function getPage(path: string, headers: Record<string, string> = {}) {
	const response = await get(path, headers);
	const html = await response.text();
	return { response, html, doc: parse(html) as HTMLElement };
}

/** Visible text with collapsed white space and Intl's thin spaces made plain. */
export function textOf(el: HTMLElement | null | undefined): string {
	return (el?.textContent ?? '').replace(/[\s\u2009\u202f\u00a0]+/g, ' ').trim();
}
