/**
 * Compile the WebAssembly text sources of the server into the TypeScript modules that carry them, so that
 * nothing is compiled or downloaded at run time:
 *   npm run build:wasm
 */
import { writeFileSync } from 'node:fs';
import { WASM_SOURCES, compileWat, wasmModuleSource } from './lib/wat.js';

for (const [wat, ts] of WASM_SOURCES) {
  writeFileSync(ts, wasmModuleSource(wat.split('/').pop()!, await compileWat(wat)));
  console.log(`${wat} -> ${ts}`);
}
