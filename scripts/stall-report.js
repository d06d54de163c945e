// Loaded into the server by `npm run bench` (node --import ./scripts/stall-report.js): the
// longest the event loop was held since the last report, printed on SIGUSR2, then measured
// afresh. Outside the app: nothing of it ships or runs in production.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 5 });
histogram.enable();
process.on('SIGUSR2', () => {
	console.log(`event-loop max delay: ${(histogram.max / 1e6).toFixed(1)} ms`);
	histogram.reset();
});
