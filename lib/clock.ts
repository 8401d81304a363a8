// The clock is a port: domain code takes `now` from it, so tests control time.
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A clock tests can set and move. */
export function fixedClock(start: Date | string | number) {
  let t = new Date(start).getTime();
  const clock = (() => new Date(t)) as Clock & { set(d: Date | string | number): void; advance(ms: number): void };
  clock.set = (d) => void (t = new Date(d).getTime());
  clock.advance = (ms) => void (t += ms);
  return clock;
}
