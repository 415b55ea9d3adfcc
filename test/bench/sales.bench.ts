/**
 * Demo sales through the command line's service layer (`startCore` in demo mode, both simulators
 * in process with no programmed delay before prompts or the card read): the time from `start` to
 * the confirmed result.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startCore } from '../../main/core';
import { defaultSettings } from '../../main/settings/schema';
import { median, ms, percentile } from './stats';

const SALES = 100;

export default async function run(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cardlane-bench-sales-'));
  const settings = defaultSettings();
  const core = await startCore({
    dataDir,
    settings: () => settings,
    demoTerminal: { promptDelayMs: 0, cardDelayMs: 0 },
  });
  try {
    const samples: number[] = [];
    let approved = 0;
    for (let index = 0; index < SALES; index += 1) {
      const started = performance.now();
      const progress = core.sales.start(1234 + index, null);
      const finished = await core.sales.waitUntilFinished(progress.paymentId);
      samples.push(performance.now() - started);
      if (finished.stage === 'approved') approved += 1;
      core.sales.dismiss();
    }
    console.log(`demo sales: ${SALES} (${approved} approved)`);
    console.log(`  median ${ms(median(samples))}, p99 ${ms(percentile(samples, 0.99))}`);
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
