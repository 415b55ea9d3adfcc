/**
 * Cuts a PAE byte stream into frames and resynchronises on `*PAE|`. Bytes before a start marker
 * are discarded, and a frame ends at the first `|*!PAE!*` after its start. A partial frame is
 * dropped when it grows past the maximum frame size or when the caller reports silence. The
 * framer returns everything it drops, so the caller can log it.
 */
import { FRAME_END_BYTES, FRAME_START_BYTES } from './codec';

/** 64 KiB: a DPT approval with receipt data and EMV tags is a few KiB. */
export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

export interface DroppedBytes {
  reason: 'before_start' | 'superseded' | 'too_long' | 'silence';
  bytes: Buffer;
}

export interface FramerResult {
  frames: Buffer[];
  dropped: DroppedBytes[];
}

export class PaeFramer {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly maxFrameBytes: number;

  constructor(options: { maxFrameBytes?: number } = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  }

  /** Bytes of a frame that has started but not ended. */
  get pendingBytes(): number {
    return this.buffer.length;
  }

  /** Appends received bytes and returns every frame they complete. */
  push(chunk: Uint8Array): FramerResult {
    const result: FramerResult = { frames: [], dropped: [] };
    this.buffer =
      this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);

    for (;;) {
      const start = this.buffer.indexOf(FRAME_START_BYTES);
      if (start === -1) {
        this.keepPossibleStartPrefix(result);
        return result;
      }
      if (start > 0) {
        result.dropped.push({ reason: 'before_start', bytes: this.buffer.subarray(0, start) });
        this.buffer = this.buffer.subarray(start);
      }

      const end = this.buffer.indexOf(FRAME_END_BYTES, FRAME_START_BYTES.length);
      if (end === -1) {
        this.dropIfTooLong(result);
        return result;
      }

      // A start marker between this start and the end means the earlier frame was cut short
      // (a truncated frame, then a complete one): keep the latest start.
      // NOTE: a data field that itself contains `*PAE|` would be cut here too; no documented
      // message carries that text.
      const frameEnd = end + FRAME_END_BYTES.length;
      const lastStart = this.buffer.lastIndexOf(FRAME_START_BYTES, end);
      if (lastStart > 0) {
        result.dropped.push({ reason: 'superseded', bytes: this.buffer.subarray(0, lastStart) });
      }
      if (frameEnd - lastStart > this.maxFrameBytes) {
        result.dropped.push({
          reason: 'too_long',
          bytes: this.buffer.subarray(lastStart, frameEnd),
        });
      } else {
        result.frames.push(Buffer.from(this.buffer.subarray(lastStart, frameEnd)));
      }
      this.buffer = this.buffer.subarray(frameEnd);
    }
  }

  /** Drops a partial frame; the session calls this after the line has been silent too long. */
  dropPartial(): DroppedBytes | null {
    if (this.buffer.length === 0) {
      return null;
    }
    const dropped: DroppedBytes = { reason: 'silence', bytes: this.buffer };
    this.buffer = Buffer.alloc(0);
    return dropped;
  }

  /** Keeps only a tail that could be the beginning of `*PAE|`, so a split start marker survives. */
  private keepPossibleStartPrefix(result: FramerResult): void {
    let keep = Math.min(this.buffer.length, FRAME_START_BYTES.length - 1);
    while (keep > 0) {
      const tail = this.buffer.subarray(this.buffer.length - keep);
      if (tail.equals(FRAME_START_BYTES.subarray(0, keep))) {
        break;
      }
      keep--;
    }
    const discard = this.buffer.length - keep;
    if (discard > 0) {
      result.dropped.push({ reason: 'before_start', bytes: this.buffer.subarray(0, discard) });
    }
    this.buffer = this.buffer.subarray(discard);
  }

  private dropIfTooLong(result: FramerResult): void {
    if (this.buffer.length <= this.maxFrameBytes) {
      return;
    }
    // Keep a later start marker, if any, so a good frame after an oversized one is not lost.
    const nextStart = this.buffer.indexOf(FRAME_START_BYTES, 1);
    const cut = nextStart === -1 ? this.buffer.length : nextStart;
    result.dropped.push({ reason: 'too_long', bytes: this.buffer.subarray(0, cut) });
    this.buffer = this.buffer.subarray(cut);
  }
}
