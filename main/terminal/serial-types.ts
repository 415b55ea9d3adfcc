/**
 * Types of `serialport`'s binding interface. The package's `exports` map has no `types` entry for
 * ES module resolution, so the types are taken through its CommonJS entry, in this one place.
 */
export type {
  BindingInterface,
  BindingPortInterface,
  OpenOptions,
  PortInfo,
  PortStatus,
  SetOptions,
  UpdateOptions,
} from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
