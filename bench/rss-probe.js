// Preloaded into measured child processes (`node --import ./bench/rss-probe.js ...`): on exit,
// writes the process's peak RSS (all threads, from getrusage) and CPU time to BENCH_PROBE_FILE.
// getrusage at exit is simpler than polling /proc/<pid>/status and sees the true high-water mark.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_PROBE_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKiB: u.maxRSS, userMs: u.userCPUTime / 1000, systemMs: u.systemCPUTime / 1000 }));
  });
}
