/**
 * Loads `serialport`'s native binding on first use. A missing or incompatible prebuilt binary
 * throws here, and the terminal then reports itself unavailable with this message instead of
 * stopping the app.
 */
import type { BindingInterface } from '../serial-types';

export async function loadNativeBinding(): Promise<BindingInterface> {
  const bindings = await import('@serialport/bindings-cpp');
  return bindings.autoDetect() as BindingInterface;
}
