/** Issue 17 item 6: fields that follow the event version (webIdFederationData only through 1.08). */
import { describe, expect, it } from 'vitest';
import { corpus } from './corpus.js';

describe('fields by event version', () => {
  it('no webIdFederationData in 1.09+ role and federated session contexts; still there in 1.08', async () => {
    const counts = { modern: 0, modernWith: 0, old: 0, oldWith: 0 };
    for (const { record } of await corpus()) {
      const u = record.userIdentity;
      if (!u?.sessionContext?.sessionIssuer?.type || u.sessionContext.sessionIssuer.type === undefined) continue;
      if (u.type !== 'AssumedRole' && u.type !== 'FederatedUser') continue;
      const minor = Number(String(record.eventVersion).split('.')[1]);
      const has = 'webIdFederationData' in u.sessionContext;
      if (minor >= 9) { counts.modern++; if (has) counts.modernWith++; }
      else if (minor >= 6) { counts.old++; if (has) counts.oldWith++; }
    }
    expect(counts.modern).toBeGreaterThan(1000);
    expect(counts.modernWith).toBe(0);
    expect(counts.oldWith).toBe(counts.old);
  });
});
