// The packaged app's Electron fuses (electron-builder's electronFuses in electron.config.ts): the installed
// app cannot be run as plain Node, take NODE_OPTIONS or --inspect, or load code from outside app.asar.
import { describe, expect, it } from 'vitest';
import { packaging } from '../../../electron.config';

describe('packaging configuration', () => {
  it('flips the fuses that would turn the installed app into a Node.js runtime or a debug target', () => {
    expect(packaging.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the app into app.asar (the fuses above load code only from there)', () => {
    expect((packaging as { asar?: unknown }).asar).not.toBe(false);
    expect(packaging.asarUnpack).toEqual(['**/*.node']);
  });
});
