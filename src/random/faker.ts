/**
 * Faker bound to our seam: faker draws through a Randomizer backed by an Rng, so names,
 * words and addresses follow the scenario seed. Used only while compiling a plan (names of
 * actors, vaults, aliases), never per record.
 */
import { Faker, en } from '@faker-js/faker';
import type { Randomizer } from '@faker-js/faker';
import { Rng } from './rng.js';

export function fakerFor(rng: Rng): Faker {
  const randomizer: Randomizer = {
    next: () => rng.next(),
    seed: () => {
      throw new Error('faker streams are seeded through Rng.for(), not faker.seed()');
    },
  };
  return new Faker({ locale: [en], randomizer });
}
