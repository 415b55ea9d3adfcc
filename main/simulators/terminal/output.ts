/**
 * How the simulated device puts frames on the line, with the byte-level faults a test can ask
 * for: checksum faults, garbage around or inside frames, trailing CR/LF, frames split at random
 * points or sent one byte per tick, and frames coalesced into one write.
 */
import { crc16CcittFalse, formatChecksum } from '../../terminal/pae/crc';
import { FRAME_END, FRAME_START, type PaeMessage } from '../../terminal/pae/codec';
import type { SimulatorClock } from './clock';

export interface OutputFaults {
  /** 1-based numbers of outbound frames whose checksum is made wrong. */
  badChecksumOnFrames?: number[];
  /** Write checksums without zero padding, as some documented replies are. */
  unpaddedChecksum?: boolean;
  /** Append CR LF after each frame. */
  trailingCrLf?: boolean;
  /** Random printable garbage before every frame. */
  garbageBefore?: boolean;
  /** Random garbage written as its own chunk between frames. */
  garbageBetween?: boolean;
  /** 1-based numbers of outbound frames that get garbage inserted inside them. */
  garbageInsideFrames?: number[];
  /**
   * `whole`: one write per frame. `byte_per_tick`: one byte per event-loop turn.
   * `random_split`: each frame cut at 1 to 4 random points, one tick between pieces.
   */
  delivery?: 'whole' | 'byte_per_tick' | 'random_split';
  /** Hold frames and write those produced within `coalesceWindowMs` as one chunk. */
  coalesce?: boolean;
  coalesceWindowMs?: number;
}

export interface LineWriter {
  write(bytes: Buffer): void | Promise<void>;
}

export class FrameOutput {
  private frameCount = 0;
  private chain: Promise<void> = Promise.resolve();
  private held: Buffer[] = [];
  private holdTimer: Promise<void> | null = null;

  constructor(
    private readonly clock: SimulatorClock,
    private readonly random: () => number,
    private faults: OutputFaults,
    private line: LineWriter | null,
  ) {}

  setFaults(faults: OutputFaults): void {
    this.faults = faults;
  }

  setLine(line: LineWriter | null): void {
    this.line = line;
  }

  /** The number of frames produced so far. */
  get framesSent(): number {
    return this.frameCount;
  }

  /** Queues one frame; frames go out in order. */
  send(message: PaeMessage): void {
    this.frameCount += 1;
    const bytes = this.render(message, this.frameCount);
    if (this.faults.coalesce === true) {
      this.held.push(bytes);
      this.holdTimer ??= this.clock.sleep(this.faults.coalesceWindowMs ?? 20).then(() => {
        this.holdTimer = null;
        const joined = Buffer.concat(this.held);
        this.held = [];
        this.enqueue(joined);
      });
      return;
    }
    this.enqueue(bytes);
  }

  /** Queues raw bytes (an unsolicited or scripted frame, or noise) as they are. */
  sendRaw(bytes: Buffer): void {
    this.enqueue(bytes);
  }

  /** Runs `action` once everything queued before it has been written. */
  after(action: () => void | Promise<void>): Promise<void> {
    const next = this.chain.then(async () => {
      await this.holdTimer;
      await action();
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Resolves when all queued output is written. */
  flushed(): Promise<void> {
    return this.after(() => undefined);
  }

  private enqueue(bytes: Buffer): void {
    this.chain = this.chain.then(() => this.deliver(bytes)).catch(() => undefined);
  }

  private async deliver(bytes: Buffer): Promise<void> {
    const pieces = this.cut(bytes);
    for (let index = 0; index < pieces.length; index++) {
      const line = this.line;
      if (line === null) {
        return;
      }
      await line.write(pieces[index] as Buffer);
      if (index < pieces.length - 1) {
        await this.clock.tick();
      }
    }
    if (this.faults.garbageBetween === true && this.line !== null) {
      await this.clock.tick();
      await this.line.write(this.garbage());
    }
  }

  private cut(bytes: Buffer): Buffer[] {
    const delivery = this.faults.delivery ?? 'whole';
    if (delivery === 'byte_per_tick') {
      return Array.from(bytes, (byte) => Buffer.from([byte]));
    }
    if (delivery === 'random_split' && bytes.length > 1) {
      const cuts = new Set<number>();
      const count = 1 + Math.floor(this.random() * 4);
      for (let index = 0; index < count; index++) {
        cuts.add(1 + Math.floor(this.random() * (bytes.length - 1)));
      }
      const points = [0, ...[...cuts].sort((a, b) => a - b), bytes.length];
      return points.slice(1).map((end, index) => bytes.subarray(points[index], end));
    }
    return [bytes];
  }

  private render(message: PaeMessage, number: number): Buffer {
    const head = Buffer.from(
      `${FRAME_START}${message.key}|${message.type}|${message.code}|${message.data}|`,
      'utf8',
    );
    let crc = crc16CcittFalse(head);
    if (this.faults.badChecksumOnFrames?.includes(number) === true) {
      crc = (crc + 1) & 0xffff;
    }
    const checksum = this.faults.unpaddedChecksum === true ? String(crc) : formatChecksum(crc);
    let frame = Buffer.concat([head, Buffer.from(`${checksum}${FRAME_END}`, 'ascii')]);
    if (this.faults.garbageInsideFrames?.includes(number) === true) {
      const at = 1 + Math.floor(this.random() * (frame.length - 2));
      frame = Buffer.concat([frame.subarray(0, at), this.garbage(), frame.subarray(at)]);
    }
    const parts: Buffer[] = [frame];
    if (this.faults.garbageBefore === true) {
      parts.unshift(this.garbage());
    }
    if (this.faults.trailingCrLf === true) {
      parts.push(Buffer.from('\r\n', 'ascii'));
    }
    return Buffer.concat(parts);
  }

  /** 1 to 16 random bytes that never contain a frame marker. */
  private garbage(): Buffer {
    const length = 1 + Math.floor(this.random() * 16);
    const bytes = Buffer.alloc(length);
    for (let index = 0; index < length; index++) {
      // Printable ASCII without `*` and `|`, plus a few control bytes, so no marker can form.
      let byte = 0x20 + Math.floor(this.random() * 0x5f);
      if (byte === 0x2a || byte === 0x7c) byte = 0x23;
      bytes[index] = this.random() < 0.1 ? 0x00 : byte;
    }
    return bytes;
  }
}
