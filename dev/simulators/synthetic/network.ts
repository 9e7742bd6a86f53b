/**
 * Where people sign in from, shared by Entra sign-ins and Okta System Log events so that one
 * person shows the same home IP, office egress and device in both: office egress IPs per city,
 * a home IP and a primary device per person (derived from a hash, not from a PRNG stream, so
 * either side can ask in any order), and the anonymizer IPs risky sign-ins come from.
 */
import type { ScenarioContext } from './context.js';
import { flat } from './flat-string.js';
import type { City, DeviceProfile } from './pools.js';
import { CITIES, DEVICES, RISKY_CITIES } from './pools.js';
import { WeightedTable } from './random.js';
import type { Rng } from './random.js';

const OFFICE_IPS_PER_CITY = 4;

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 15), 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 13), 0x27d4eb2f);
  return (h ^ (h >>> 16)) >>> 0;
}

function ipv4(a: number, b: number, c: number, d: number): string {
  const w = flat.start();
  for (const [i, part] of [a, b, c, d].entries()) {
    if (i > 0) w.char(46);
    w.digits(part, part >= 100 ? 3 : part >= 10 ? 2 : 1);
  }
  return w.end();
}

const deviceTable = new WeightedTable(DEVICES.map((d, i) => [i, d.weight] as const));

export class Network {
  private readonly officeIps: string[][];
  private readonly homeIps: Array<string | undefined> = [];
  readonly riskyIps: string[];

  constructor(private readonly context: ScenarioContext) {
    const salt = context.seed | 0;
    this.officeIps = CITIES.map((_, cityIndex) =>
      Array.from({ length: OFFICE_IPS_PER_CITY }, (_, k) => {
        const h = mix(salt, cityIndex * 31 + k);
        return ipv4(20 + ((cityIndex * 13) % 180), (h >>> 8) & 255, (h >>> 16) & 255, 1 + (h % 250));
      }),
    );
    this.riskyIps = Array.from({ length: 12 }, (_, k) => ipv4(185, 220, 100 + (k % 3), 1 + ((mix(salt, 900 + k) >>> 3) % 250)));
  }

  officeIp(city: number, rng: Rng): string {
    const pool = this.officeIps[city] ?? this.officeIps[0] ?? ['203.0.113.10'];
    return pool[rng.int(pool.length)] ?? '203.0.113.10';
  }

  /** The person's residential IP: same value for every sign-in and both IdPs. */
  homeIp(person: number): string {
    let ip = this.homeIps[person];
    if (ip === undefined) {
      const h = mix(this.context.seed | 0, person + 0x51ed);
      ip = ipv4(64 + (h % 60), (h >>> 6) & 255, (h >>> 14) & 255, 1 + ((h >>> 22) % 250));
      this.homeIps[person] = ip;
    }
    return ip;
  }

  riskyIp(rng: Rng): string {
    return this.riskyIps[rng.int(this.riskyIps.length)] ?? '185.220.101.1';
  }

  /** The person's usual device, by a hash of their index. */
  deviceIndex(person: number): number {
    const h = mix(this.context.seed | 0, person + 0x7e57);
    return deviceTable.at(h / 4294967296);
  }

  device(person: number): DeviceProfile {
    return DEVICES[this.deviceIndex(person)] ?? (DEVICES[0] as DeviceProfile);
  }

  /** Managed (Intune / domain joined) devices are most company laptops. */
  managed(person: number): boolean {
    return mix(this.context.seed | 0, person + 0x3a11) % 100 < 62;
  }

  travelCity(rng: Rng, home: number): number {
    const city = rng.int(CITIES.length);
    return city === home ? (city + 1) % CITIES.length : city;
  }

  riskyCity(rng: Rng): City {
    return RISKY_CITIES[rng.int(RISKY_CITIES.length)] ?? (RISKY_CITIES[0] as City);
  }
}
