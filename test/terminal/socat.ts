/** Spawns `socat` with two linked ptys and returns their paths; `close()` ends socat. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface PtyPair {
  hostPath: string;
  devicePath: string;
  process: ChildProcess;
  close(): Promise<void>;
}

export async function openPtyPair(): Promise<PtyPair> {
  const child = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const paths = await new Promise<string[]>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`socat printed no pty paths: ${text}`)), 5_000);
    child.once('error', reject);
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const found = [...text.matchAll(/PTY is (\S+)/g)].map((match) => match[1] as string);
      if (found.length >= 2) {
        clearTimeout(timer);
        resolve(found);
      }
    });
  });
  const [hostPath, devicePath] = paths as [string, string];
  return {
    hostPath,
    devicePath,
    process: child,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
