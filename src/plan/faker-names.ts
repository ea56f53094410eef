/** NameDraws backed by faker through the seed seam (random/faker.ts), one stream per actor and per unit. */
import { fakerFor } from '../random/faker.js';
import { Rng } from '../random/rng.js';
import { emailLike } from './names.js';
import { vaultName } from './vault-names.js';
import { sessionKey, type NameDraws } from './name-draws.js';

export function fakerNames(): NameDraws {
  const drawn: Record<string, string> = {};
  return {
    drawn,
    sessionEmail: (seed, accountId, actorName, domain) => {
      const name = emailLike(fakerFor(Rng.for(seed, 'actor-names', accountId, actorName)), domain);
      drawn[sessionKey(accountId, actorName)] = name;
      return name;
    },
    vaultNamer: () => vaultName,
  };
}
