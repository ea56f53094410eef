#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install` through `prepare`).
import { installProcessGuard } from '../dist/cli/signals.js';

// Signals are handled from the first moment (see src/cli/signals.ts); the CLI loads after.
installProcessGuard();
const { main } = await import('../dist/cli/main.js');

// A reader that stops early (`trailsmith validate out/ | head`) closes the pipe: stop quietly,
// as Unix tools do, instead of crashing on an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(process.exitCode ?? 0);
  });
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(err instanceof Error ? err.stack : err); process.exitCode = 70; },
);
