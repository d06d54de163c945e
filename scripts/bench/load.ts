// The load generators and the figures they give, shared by the bench's sections.
import autocannon from 'autocannon';
import { spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
export const WARM_UP_SECONDS = 1;
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
export const WRK =
	process.env.BENCH_TOOL === 'autocannon'
		? null
		: ['/usr/bin/wrk', '/usr/local/bin/wrk'].find((f) => fs.existsSync(f));

export function waitFor(child: ChildProcess, text: string): Promise<void> {
	return new Promise((resolve, reject) => {
		let output = '';
		const timer = setTimeout(
			() => reject(new Error(`timed out waiting for "${text}":\n${output}`)),
			120_000
		);
		const on = (chunk: Buffer) => {
			output += chunk;
			if (output.includes(text)) {
				clearTimeout(timer);
				resolve();
			}
		};
		child.stdout?.on('data', on);
		child.stderr?.on('data', on);
		child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
	});
}

export type Measure = { rps: number; p50: number; p99: number; bytes: number; non2xx: number };

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

/** Each figure's median over the rounds. */
export function medianOf(rounds: Measure[]): Measure {
	const pick = (key: keyof Measure) => median(rounds.map((m) => m[key]));
	return {
		rps: pick('rps'),
		p50: pick('p50'),
		p99: pick('p99'),
		bytes: pick('bytes'),
		non2xx: pick('non2xx')
	};
}

export type LoadOptions = {
	seconds?: number;
	connections?: number;
	/** A parameter of its own on every request, so that no response cache can answer it. */
	unique?: boolean;
};

export async function load(
	url: string,
	headers: Record<string, string>,
	{ seconds = SECONDS, connections = CONNECTIONS, unique = false }: LoadOptions = {}
): Promise<Measure> {
	if (WRK) return loadWithWrk(url, headers, seconds, connections, unique);
	const target = unique ? `${url}${url.includes('?') ? '&' : '?'}u=[<id>]` : url;
	const result = await autocannon({
		url: target,
		connections,
		duration: seconds,
		headers,
		idReplacement: unique
	});
	return {
		rps: result.requests.average,
		p50: result.latency.p50,
		p99: result.latency.p99,
		bytes: result.requests.total ? result.throughput.total / result.requests.total : 0,
		non2xx: result.non2xx
	};
}

const UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };
const SIZES: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/** wrk's script for a unique parameter on every request (its path, then `u=<counter>`). */
let uniqueScript: string | null = null;
function uniqueRequests(): string {
	if (uniqueScript) return uniqueScript;
	uniqueScript = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rencontres-wrk-')), 'unique.lua');
	fs.writeFileSync(
		uniqueScript,
		`local n = 0
local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
local salt = tostring(os.time())
request = function()
  n = n + 1
  return wrk.format(nil, wrk.path .. sep .. "u=" .. salt .. "-" .. n)
end
`
	);
	return uniqueScript;
}

/** wrk (one thread: the other core serves) with its latency distribution, parsed. */
function loadWithWrk(
	url: string,
	headers: Record<string, string>,
	seconds: number,
	connections: number,
	unique: boolean
): Measure {
	// A slow render must count as slow, not vanish as one of wrk's timeouts (2 s by default).
	const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '--timeout', '30s'];
	for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
	if (unique) args.push('-s', uniqueRequests());
	const run = spawnSync(WRK!, [...args, url], { encoding: 'utf8' });
	const out = run.stdout;
	const latency = (percent: string) => {
		const match = new RegExp(`^\\s+${percent}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out);
		return match ? Number(match[1]) * UNITS[match[2]!]! : NaN;
	};
	const total = /(\d+) requests in [\d.]+\w+, ([\d.]+)(B|KB|MB|GB) read/.exec(out);
	const requests = Number(total?.[1] ?? 0);
	return {
		rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
		p50: latency('50'),
		p99: latency('99'),
		bytes: requests ? (Number(total![2]) * SIZES[total![3]!]!) / requests : 0,
		non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0)
	};
}

export const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(0));

/**
 * Waits until `url` answers within 20 ms: requests a load left queued are still being served
 * after the load generator stops, and would otherwise be counted against the next measure.
 */
export async function quiet(url: string, maxSeconds = 30) {
	const until = performance.now() + maxSeconds * 1000;
	while (performance.now() < until) {
		const started = performance.now();
		await (await fetch(url)).arrayBuffer();
		if (performance.now() - started < 20) return;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
