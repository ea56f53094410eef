/**
 * Sticky networks and human/machine timing (issue 18, items 2 and 3), over every example and
 * random seeds: a session keeps its address across consecutive calls; STS-issued keys are first
 * used seconds after AssumeRole, never in the same second; a console sign-in precedes the first
 * call by tens of seconds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleRuns, glacier, seconds, type Rec, type Run } from './behaviour-helpers.js';

let runs: Run[] = [];
beforeAll(async () => {
  runs = await exampleRuns(1);
}, 300_000);

describe('sticky networks', () => {
  it('keeps a session\'s address across consecutive calls under 60 s apart (changes < 5 %)', () => {
    let pairs = 0;
    let changed = 0;
    for (const run of runs) {
      const last = new Map<string, Rec>();
      for (const r of run.records.filter(glacier)) {
        // A session: one access key (and user agent: a script's stolen-key variant is another program).
        const key = `${r.userIdentity.accessKeyId ?? r.userIdentity.arn}|${r.userAgent}`;
        const prev = last.get(key);
        if (prev && seconds(r) - seconds(prev) < 60) {
          pairs++;
          if (prev.sourceIPAddress !== r.sourceIPAddress) changed++;
        }
        last.set(key, r);
      }
    }
    expect(pairs).toBeGreaterThan(1000);
    expect(changed / pairs).toBeLessThan(0.05);
  });
});

describe('human and machine timing', () => {
  it('uses STS-issued keys seconds after AssumeRole, and calls tens of seconds after a console sign-in', () => {
    const gaps: number[] = [];
    const consoleGaps: number[] = [];
    for (const run of runs) {
      const firstUse = new Map<string, Rec>();
      for (const r of run.records.filter(glacier)) if (r.userIdentity.accessKeyId && !firstUse.has(r.userIdentity.accessKeyId)) firstUse.set(r.userIdentity.accessKeyId, r);
      for (const r of run.records) {
        if (r.eventName === 'AssumeRole' || r.eventName === 'AssumeRoleWithSAML') {
          const key = (r.responseElements?.credentials as { accessKeyId?: string } | undefined)?.accessKeyId;
          const use = key ? firstUse.get(key) : undefined;
          // A service uses its own service-linked role's keys in the same second (real Resource
          // Explorer records); clients need the STS round trip and their set-up first.
          const byService = r.userIdentity.type === 'AWSService' && r.userIdentity.invokedBy !== 'ec2.amazonaws.com';
          if (use && !use.userAgent.startsWith('Mozilla') && !byService) gaps.push(seconds(use) - seconds(r));
        }
        if (r.eventName === 'ConsoleLogin') {
          const next = run.records.find((x) => glacier(x) && x.userIdentity.arn === r.userIdentity.arn && seconds(x) >= seconds(r));
          if (next) consoleGaps.push(seconds(next) - seconds(r));
        }
      }
    }
    expect(gaps.length).toBeGreaterThan(20);
    expect(gaps.filter((g) => g < 1)).toEqual([]);
    expect(consoleGaps.length).toBeGreaterThan(5);
    expect(consoleGaps.filter((g) => g < 10)).toEqual([]);
  });
});

describe('instance-profile credential refreshes', () => {
  it('come every ~6 hours on the instance\'s schedule, written once, and later calls use the new key', () => {
    let refreshes = 0;
    let checkedCalls = 0;
    for (const run of runs) {
      const byRole = new Map<string, { t: number; key: string }>();
      const roleOfKey = new Map<string, string>();
      for (const r of run.records) {
        if (r.eventName === 'AssumeRole' && r.sourceIPAddress === 'ec2.amazonaws.com') {
          const role = String(r.requestParameters!.roleArn);
          const key = String((r.responseElements!.credentials as { accessKeyId: string }).accessKeyId);
          const prev = byRole.get(role);
          if (prev) {
            // 1-5 minutes before the session's 6 h: not on first use after it expired, and not
            // once per region (a duplicate would come seconds apart).
            const gap = seconds(r) - prev.t;
            expect(gap, `${run.name}/${run.seed} ${role}`).toBeGreaterThanOrEqual(6 * 3600 - 301);
            expect(gap, `${run.name}/${run.seed} ${role}`).toBeLessThanOrEqual(6 * 3600 - 59);
            refreshes++;
          }
          byRole.set(role, { t: seconds(r), key });
          roleOfKey.set(key, role);
          continue;
        }
        const key = r.userIdentity.accessKeyId;
        const role = key ? roleOfKey.get(key) : undefined;
        if (!glacier(r) || !role) continue;
        // A call with an instance-profile key uses the newest one (or waits seconds for it).
        const latest = byRole.get(role)!;
        if (seconds(r) - latest.t >= 10) {
          expect(key, `${run.name}/${run.seed} ${r.eventName} at ${r.eventTime}`).toBe(latest.key);
          checkedCalls++;
        }
      }
    }
    expect(refreshes).toBeGreaterThan(5);
    expect(checkedCalls).toBeGreaterThan(100);
  });
});

describe('scripted steps', () => {
  it('have human jitter: a script does not start on the named second, and `every: 1s` is not a metronome', async () => {
    const { generateFiles } = await import('../../src/index.js');
    const { readLogFiles, removeDir, tempDir } = await import('../helpers/tree.js');
    const { readFile } = await import('node:fs/promises');
    const out = await tempDir();
    try {
      await generateFiles(new URL('../../examples/ransomware-vault-wipe.scenario.yaml', import.meta.url).pathname, { out });
      const labels = (await readFile(`${out}.trailsmith/labels.ndjson`, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { eventID: string; labels: string[] });
      const records = (await readLogFiles(out)).flatMap((f) => f.records as unknown as Array<Rec & { eventID: string }>);
      const byId = new Map(records.map((r) => [r.eventID, r]));
      const scripted = labels.map((l) => byId.get(l.eventID)!).sort((a, b) => seconds(a) - seconds(b));
      expect(scripted[0]!.eventTime).not.toMatch(/:00Z$/);
      const deletes = scripted.filter((r) => r.eventName === 'DeleteArchive').map(seconds);
      const gaps = new Set(deletes.slice(1).map((t, i) => t - deletes[i]!));
      expect(deletes.length).toBeGreaterThan(10);
      // Whole-second eventTimes of calls 0.8-1.2 s apart: gaps of 0, 1 and 2 s, not only 1 s.
      expect(gaps.size).toBeGreaterThan(1);
    } finally {
      await removeDir(out);
    }
  });
});
