/**
 * Faker bound to our seam: faker draws through a Randomizer backed by an Rng, so names,
 * words and addresses follow the scenario seed. Used only while compiling a plan (names of
 * actors, vaults, aliases), never per record.
 */
// The package root loads all 70 locales (0.75 s of CLI start-up); the `en` entry loads one
// (0.30 s). Its instance is built from [en, base]; building ours from its merged definitions
// gives the same values as [en] alone because en wins every key both define, and names.ts
// only uses keys en defines.
import { faker as enFaker } from '@faker-js/faker/locale/en';
import type { Faker, Randomizer } from '@faker-js/faker';
import { Rng } from './rng.js';

export function fakerFor(rng: Rng): Faker {
  const randomizer: Randomizer = {
    next: () => rng.next(),
    seed: () => {
      throw new Error('faker streams are seeded through Rng.for(), not faker.seed()');
    },
  };
  const FakerClass = enFaker.constructor as new (options: { locale: unknown; randomizer: Randomizer }) => Faker;
  return new FakerClass({ locale: enFaker.rawDefinitions, randomizer });
}
