/**
 * Parsing of the JSON data of PAE replies (GTI identity, GCS status, GOT offline store, DPT prompt
 * frames). Every reply is validated; a reply that does not match its documented shape is an error
 * for the caller, not a partial value.
 */
import { z } from 'zod';

import type { TerminalFlags, TerminalIdentity, TerminalPrompt } from '../../../common/contract';
import { maskCardDigits } from '../../log/redact';

/** Parses a data field as a JSON object; returns null for anything else. */
export function parseJsonObject(data: string): Record<string, unknown> | null {
  if (data.trim() === '') {
    return null;
  }
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Reads a field by name ignoring case, since the guide calls request parameters case-insensitive. */
export function field(object: Record<string, unknown>, name: string): unknown {
  if (name in object) {
    return object[name];
  }
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(object)) {
    if (key.toLowerCase() === lower) {
      return value;
    }
  }
  return undefined;
}

/** A string field, or null when absent or not text-like. Numbers are accepted as their text. */
export function textField(object: Record<string, unknown>, name: string): string | null {
  const value = field(object, name);
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }
  return null;
}

const flag = z.union([z.literal(0), z.literal(1), z.literal('0'), z.literal('1')]);
const count = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,9}$/)]);

const GtiSchema = z.object({
  PAE_Version: z.string().max(64).optional(),
  AppLoader_Version: z.string().max(64).optional(),
  FW_Version: z.string().max(128).optional(),
  HW_Version: z.string().max(128).optional(),
  SerialNum: z.string().min(1).max(32),
});

const GcsSchema = z.object({
  Started: flag,
  Registered: flag,
  Connected: flag,
  Encryption: flag,
  CardInReader: flag,
  InPayment: flag,
  OfflineRecovery: flag.optional(),
  '~OfflineTxnsAvail': count.optional(),
  AppLoaderStatus: z.string().max(64).optional(),
});

const GotSchema = z.object({ OfflineTxnsStored: count.optional() });

const LcdSchema = z.object({
  LCD_Code: z.number().int().nonnegative(),
  LCD_Msg: z.string().max(256),
});

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

export function parseIdentity(data: string): ParseResult<TerminalIdentity> {
  const parsed = GtiSchema.safeParse(parseJsonObject(data));
  if (!parsed.success) {
    return { ok: false, message: 'GTI reply has no valid SerialNum' };
  }
  return {
    ok: true,
    value: {
      serialNumber: parsed.data.SerialNum,
      firmwareVersion: parsed.data.FW_Version ?? null,
      paeVersion: parsed.data.PAE_Version ?? null,
      hardwareVersion: parsed.data.HW_Version ?? null,
    },
  };
}

/** Device status from a GCS reply. `offlineTransactionsWaiting` needs GOT and starts false. */
export function parseStatusFlags(data: string): ParseResult<TerminalFlags> {
  const parsed = GcsSchema.safeParse(parseJsonObject(data));
  if (!parsed.success) {
    return { ok: false, message: 'GCS reply is missing status flags or has invalid values' };
  }
  const on = (value: 0 | 1 | '0' | '1' | undefined): boolean => value === 1 || value === '1';
  return {
    ok: true,
    value: {
      started: on(parsed.data.Started),
      registered: on(parsed.data.Registered),
      connected: on(parsed.data.Connected),
      encryption: on(parsed.data.Encryption),
      cardInReader: on(parsed.data.CardInReader),
      inPayment: on(parsed.data.InPayment),
      offlineRecovery: on(parsed.data.OfflineRecovery),
      offlineTransactionsWaiting: on(parsed.data.OfflineRecovery),
      appLoaderStatus: parsed.data.AppLoaderStatus ?? null,
    },
  };
}

/** The number of sales stored offline, from an unfiltered GOT reply. */
export function parseOfflineStored(data: string): ParseResult<number> {
  const parsed = GotSchema.safeParse(parseJsonObject(data));
  if (!parsed.success) {
    return { ok: false, message: 'GOT reply has an invalid OfflineTxnsStored' };
  }
  return { ok: true, value: Number(parsed.data.OfflineTxnsStored ?? 0) };
}

/** Reads a text field from the terminal with card-number-shaped digit runs masked, or null. */
export function maskedTextField(object: Record<string, unknown>, name: string): string | null {
  const value = textField(object, name);
  return value === null ? null : maskCardDigits(value);
}

export function parsePrompt(data: string): ParseResult<TerminalPrompt> {
  const parsed = LcdSchema.safeParse(parseJsonObject(data));
  if (!parsed.success) {
    return { ok: false, message: 'prompt frame has no valid LCD_Code and LCD_Msg' };
  }
  return {
    ok: true,
    value: { code: parsed.data.LCD_Code, text: maskCardDigits(parsed.data.LCD_Msg) },
  };
}
