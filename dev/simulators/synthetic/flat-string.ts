/**
 * Builds short ASCII strings in a reused buffer. Concatenating pieces with `+` gives V8 rope
 * (cons) strings that keep every piece alive; the generator makes millions of ids and dates, so
 * it writes them here and gets one compact flat string each.
 */

const HEX = '0123456789abcdef';

export class FlatString {
  private readonly buffer = Buffer.alloc(512);
  private length = 0;

  start(): this {
    this.length = 0;
    return this;
  }

  text(value: string): this {
    this.length += this.buffer.write(value, this.length, 'latin1');
    return this;
  }

  char(code: number): this {
    this.buffer[this.length++] = code;
    return this;
  }

  /** Zero-padded decimal. */
  digits(value: number, width: number): this {
    let v = Math.floor(value);
    for (let i = width - 1; i >= 0; i--) {
      this.buffer[this.length + i] = 48 + (v % 10);
      v = Math.floor(v / 10);
    }
    this.length += width;
    return this;
  }

  /** Lower-case hex of the low `width` nibbles. */
  hex(value: number, width: number): this {
    let v = value >>> 0;
    for (let i = width - 1; i >= 0; i--) {
      this.buffer[this.length + i] = HEX.charCodeAt(v & 15);
      v >>>= 4;
    }
    this.length += width;
    return this;
  }

  end(): string {
    return this.buffer.toString('latin1', 0, this.length);
  }
}

/** One writer per process is enough: generation is synchronous. */
export const flat = new FlatString();
