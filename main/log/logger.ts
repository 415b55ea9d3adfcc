import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';

import pino from 'pino';

import { redact } from './redact';
import { RotatingFile } from './rotating-file';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(subsystem: string): Logger;
}

export interface LogSinkOptions {
  /** Folder for `cardlane.log` and its rotated files; no file sink when absent. */
  directory?: string;
  /** Also write lines to stderr. */
  console?: boolean;
  level?: 'debug' | 'info' | 'warn' | 'error';
  /** Extra sink for tests: receives every redacted line. */
  memory?: string[];
}

let root: pino.Logger = pino({ level: 'silent' });
let rootFile: RotatingFile | null = null;

/** Sets where every subsystem's logger writes. Call once at start-up; later calls replace it. */
export function configureLogging(options: LogSinkOptions): void {
  const streams: pino.StreamEntry[] = [];
  rootFile?.close();
  rootFile = null;
  if (options.directory !== undefined) {
    mkdirSync(options.directory, { recursive: true, mode: 0o700 });
    rootFile = new RotatingFile(path.join(options.directory, 'cardlane.log'));
    streams.push({ stream: rootFile });
  }
  if (options.console === true) {
    streams.push({ stream: process.stderr });
  }
  if (options.memory !== undefined) {
    const lines = options.memory;
    streams.push({
      stream: new Writable({
        write(chunk: Buffer, _encoding, callback) {
          lines.push(chunk.toString('utf8').trimEnd());
          callback();
        },
      }),
    });
  }
  const level = options.level ?? 'info';
  root =
    streams.length === 0
      ? pino({ level: 'silent' })
      : pino(
          {
            level,
            base: undefined,
            timestamp: pino.stdTimeFunctions.isoTime,
            formatters: { log: (object) => redact(object) as Record<string, unknown> },
          },
          pino.multistream(streams.map((entry) => ({ ...entry, level }))),
        );
}

/** Closes the log file; used before the process exits and between tests. */
export function closeLogging(): void {
  rootFile?.close();
  rootFile = null;
  root = pino({ level: 'silent' });
}

/** Returns the logger of a subsystem. Every line passes the redactor before it reaches a sink. */
export function createLogger(subsystem: string): Logger {
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields?: Record<string, unknown>): void => {
      root[level]({ subsystem, ...fields }, redact(message) as string);
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (name: string) => createLogger(`${subsystem}.${name}`),
  };
}

/**
 * Describes untrusted bytes (a bad terminal frame, an unexpected gateway body) by length and
 * hash, so a log line can correlate them without writing their content.
 */
export function describeBytes(data: Uint8Array | string): { length: number; sha256: string } {
  const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
  return {
    length: buffer.length,
    sha256: createHash('sha256').update(buffer).digest('hex').slice(0, 16),
  };
}
