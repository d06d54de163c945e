import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, ROOT, tempDir } from './server';

/** Debian's nginx, when installed (.ci/run installs it). */
export const NGINX =
	['/usr/sbin/nginx', '/usr/bin/nginx'].find((file) => fs.existsSync(file)) ?? null;

const SHIPPED = path.join(ROOT, 'deploy', 'nginx', 'rencontres.conf');

/** Swaps one line of the shipped file, and fails loudly when the line is no longer there. */
function swap(text: string, from: string, to: string): string {
	if (!text.includes(from))
		throw new Error(
			`deploy/nginx/rencontres.conf no longer holds "${from}": update tests/helpers/nginx.ts`
		);
	return text.replace(from, to);
}

export type RunningNginx = {
	url: string;
	/** With `tls`: the same site over https, with a self-signed certificate. */
	tlsUrl: string | null;
	dir: string;
	stop: () => Promise<void>;
};

/** A throwaway certificate for 127.0.0.1, as certbot's lines would point at a real one. */
function selfSignedCertificate(dir: string) {
	const files = { cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem') };
	const made = spawnSync(
		'openssl',
		[
			'req',
			'-x509',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-days',
			'1',
			'-subj',
			'/CN=127.0.0.1',
			'-keyout',
			files.key,
			'-out',
			files.cert
		],
		{ encoding: 'utf8' }
	);
	if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr}`);
	return files;
}

/**
 * Runs deploy/nginx/rencontres.conf as shipped, in front of the app at `appUrl`; only the
 * addresses, the cache folder and the worker count change, so it runs without root.
 */
export async function startNginx(
	appUrl: string,
	options: { workers?: number; port?: number; tls?: boolean } = {}
): Promise<RunningNginx> {
	if (!NGINX) throw new Error('nginx is not installed: apt-get install nginx');
	const dir = tempDir('rencontres-nginx-');
	const port = options.port ?? (await freePort());
	let site = fs.readFileSync(SHIPPED, 'utf8');
	site = swap(
		site,
		'proxy_cache_path /var/cache/nginx/rencontres ',
		`proxy_cache_path ${dir}/cache `
	);
	site = swap(site, 'server 127.0.0.1:3000;', `server ${new URL(appUrl).host};`);
	site = swap(site, '\tlisten 80;', `\tlisten 127.0.0.1:${port};`);
	site = swap(site, '\tlisten [::]:80;\n', '');
	let tlsUrl: string | null = null;
	if (options.tls) {
		// What certbot adds to the server block: a TLS listener and its certificate.
		const tlsPort = await freePort();
		const certificate = selfSignedCertificate(dir);
		site = swap(
			site,
			`\tlisten 127.0.0.1:${port};`,
			`\tlisten 127.0.0.1:${port};\n\tlisten 127.0.0.1:${tlsPort} ssl;\n\tssl_certificate ${certificate.cert};\n\tssl_certificate_key ${certificate.key};`
		);
		tlsUrl = `https://127.0.0.1:${tlsPort}`;
	}
	fs.writeFileSync(path.join(dir, 'rencontres.conf'), site);
	const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
		.map((name) => `\t${name}_temp_path ${dir}/${name};`)
		.join('\n');
	fs.writeFileSync(
		path.join(dir, 'nginx.conf'),
		`${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes ${options.workers ?? 1};
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
	access_log off;
${temp}
	include ${dir}/rencontres.conf;
}
`
	);
	const test = spawnSync(NGINX, ['-t', '-p', dir, '-c', `${dir}/nginx.conf`], { encoding: 'utf8' });
	if (test.status !== 0) throw new Error(`nginx -t refused the configuration:\n${test.stderr}`);
	const child: ChildProcess = spawn(
		NGINX,
		['-p', dir, '-c', `${dir}/nginx.conf`, '-g', 'daemon off;'],
		{ stdio: ['ignore', 'pipe', 'pipe'] }
	);
	const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
	const url = `http://127.0.0.1:${port}`;
	for (let i = 0; ; i++) {
		try {
			await fetch(`${url}/healthz`);
			break;
		} catch (error) {
			if (i > 100 || child.exitCode !== null)
				throw new Error(`nginx did not start: ${fs.readFileSync(`${dir}/error.log`, 'utf8')}`, {
					cause: error
				});
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}
	return {
		url,
		tlsUrl,
		dir,
		stop: async () => {
			if (child.exitCode === null) child.kill('SIGQUIT');
			await exited;
		}
	};
}
