import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium: tests never download a browser of their own. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumAvailable() {
	return fs.existsSync(CHROMIUM);
}

/**
 * How long one step (a navigation, a click's wait) may take. Playwright's 30 s ran out once on
 * CI while other servers and browsers shared its two cores: a budget, not a bound on speed.
 */
const STEP_BUDGET_MS = 60_000;

export async function launchBrowser(): Promise<Browser> {
	const browser = await launch();
	const newContext = browser.newContext.bind(browser);
	browser.newContext = async (options) => {
		const context = await newContext(options);
		context.setDefaultTimeout(STEP_BUDGET_MS);
		return context;
	};
	return browser;
}

function launch(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--no-first-run'
		]
	});
}
