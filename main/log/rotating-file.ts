import { closeSync, existsSync, fstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';

/** Size at which the log file is rotated. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Rotated files kept beside the live one: cardlane.log.1 … cardlane.log.5. */
const KEPT_FILES = 5;

/**
 * An append-only log file that rotates by size. Writes are synchronous so a line logged just
 * before a crash is on disk.
 */
export class RotatingFile extends Writable {
  private fd: number;
  private size: number;

  constructor(private readonly filePath: string) {
    super();
    this.fd = openSync(filePath, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    try {
      if (this.size + chunk.length > MAX_FILE_BYTES) {
        this.rotate();
      }
      writeSync(this.fd, chunk);
      this.size += chunk.length;
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  private rotate(): void {
    closeSync(this.fd);
    rmSync(`${this.filePath}.${KEPT_FILES}`, { force: true });
    for (let index = KEPT_FILES - 1; index >= 1; index -= 1) {
      const from = `${this.filePath}.${index}`;
      if (existsSync(from)) renameSync(from, `${this.filePath}.${index + 1}`);
    }
    renameSync(this.filePath, `${this.filePath}.1`);
    this.fd = openSync(this.filePath, 'a', 0o600);
    this.size = 0;
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      // Already closed.
    }
  }
}
