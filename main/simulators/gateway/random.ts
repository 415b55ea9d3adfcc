/** A small seeded generator (mulberry32), so a simulator run with a seed repeats its ids. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Returns a float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let value = this.state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Returns an integer in [0, limit). */
  integer(limit: number): number {
    return Math.floor(this.next() * limit);
  }

  digits(count: number): string {
    let text = '';
    for (let index = 0; index < count; index += 1) {
      text += String(this.integer(10));
    }
    return text;
  }

  letters(count: number): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
    let text = '';
    for (let index = 0; index < count; index += 1) {
      text += alphabet[this.integer(alphabet.length)];
    }
    return text;
  }

  shuffle<T>(items: T[]): T[] {
    const copy = [...items];
    for (let index = copy.length - 1; index > 0; index -= 1) {
      const other = this.integer(index + 1);
      const held = copy[index] as T;
      copy[index] = copy[other] as T;
      copy[other] = held;
    }
    return copy;
  }
}
