import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { WASM_SOURCES, compileWat, wasmModuleSource } from '../scripts/lib/wat.js';

describe('WebAssembly modules', () => {
  it('carry exactly what their text sources compile to (run npm run build:wasm after editing one)', async () => {
    for (const [wat, ts] of WASM_SOURCES) {
      expect(readFileSync(ts, 'utf8'), ts).toBe(wasmModuleSource(wat.split('/').pop()!, await compileWat(wat)));
    }
  });
});
