import type { Prng } from './prng.js';

const FIRST_NAMES = [
  'anna',
  'ben',
  'carla',
  'david',
  'elena',
  'farid',
  'grace',
  'hugo',
  'ines',
  'jonas',
  'karin',
  'liam',
  'maria',
  'nils',
  'olga',
  'pablo',
  'quinn',
  'rosa',
  'sven',
  'tara',
  'umar',
  'vera',
  'wei',
  'xenia',
  'yusuf',
  'zoe',
  'aisha',
  'bruno',
  'chloe',
  'dmitri',
  'emma',
  'felix',
  'hana',
  'ivan',
  'julia',
  'kenji',
  'lena',
  'marco',
  'nora',
  'oscar',
  'priya',
  'rafael',
  'sara',
  'tomas',
  'ula',
  'victor',
  'wanda',
  'yara',
];

const LAST_NAMES = [
  'adams',
  'becker',
  'costa',
  'dubois',
  'eriksen',
  'fischer',
  'garcia',
  'hansen',
  'ito',
  'jensen',
  'kowalski',
  'lopez',
  'meyer',
  'novak',
  'oconnor',
  'petrov',
  'quinlan',
  'rossi',
  'schmidt',
  'tanaka',
  'usman',
  'varga',
  'weber',
  'xu',
  'yilmaz',
  'zimmer',
  'bauer',
  'clarke',
  'dias',
  'evans',
  'ferreira',
  'gruber',
  'horvath',
  'iqbal',
  'kim',
  'larsen',
  'moreau',
  'nguyen',
  'olsen',
  'patel',
  'richter',
  'silva',
  'torres',
  'vogel',
  'wagner',
  'young',
];

export interface Person {
  email: string;
  /** The machine the person runs everything on (a swap gives them a new one). */
  machine: string;
  domain: number;
}

/** Distinct people: the first domain is the main office, the others are smaller. */
export function makePeople(rng: Prng, count: number, domains: readonly string[]): Person[] {
  const used = new Set<string>();
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    const domain = domains.length > 1 && rng.chance(0.3) ? rng.int(1, domains.length - 1) : 0;
    const base = `${rng.pick(FIRST_NAMES)}.${rng.pick(LAST_NAMES)}`;
    let local = base;
    for (let n = 2; used.has(`${local}@${domain}`); n++) local = `${base}${n}`;
    used.add(`${local}@${domain}`);
    people.push({ email: `${local}@${domains[domain]}`, machine: machineName(rng, domains[domain]!, i + 1), domain });
  }
  return people;
}

/** Names like `LU-DESK-0142`: office code, kind, a serial number unique within the seed. */
export function machineName(rng: Prng, domain: string, serial: number): string {
  const office = domain.slice(0, 2).toUpperCase();
  const kind = rng.chance(0.35) ? 'LAP' : 'DESK';
  return `${office}-${kind}-${String(serial).padStart(4, '0')}`;
}
