/**
 * The taught head's matrix products in WebAssembly SIMD (linear.wat): f32 matrices kept in an instance of
 * their own, and the two products the head needs, A B^T (its scores and the gate's cosines, every live frame)
 * and G^T X (its fit's gradient). Why: in JavaScript, on a slow day of this 2-core machine, they took 0.04-0.07 ms
 * of an applied head's 0.16-0.22 ms a frame and most of a 15 x 50 fit's 1.5 s, against bounds of 0.1 ms and 1 s
 * (npm run bench:teach). The sums run in f32, four lanes and two running sums at a time, so they differ from
 * double-precision sums in the last bits only.
 */
import { WASM_BASE64 } from './linear-wasm.js';

const kernel = new WebAssembly.Module(Buffer.from(WASM_BASE64, 'base64'));

/** A rows x cols f32 matrix in a Linear's memory, each row zero-padded to `stride` floats (a multiple of 8). */
export interface Matrix {
  readonly offset: number;
  readonly rows: number;
  readonly cols: number;
  readonly stride: number;
}

type Values = Float32Array | Float64Array | number[];

const ceil8 = (n: number) => Math.ceil(n / 8) * 8;

export class Linear {
  private readonly memory: WebAssembly.Memory;
  private readonly kernel: { abt: (...args: number[]) => void; gtx: (...args: number[]) => void };
  /** Bytes taken by matrices. */
  private used = 0;

  constructor() {
    const inst = new WebAssembly.Instance(kernel);
    this.memory = inst.exports.memory as WebAssembly.Memory;
    this.kernel = inst.exports as unknown as Linear['kernel'];
  }

  /** A new zeroed matrix (the memory grows as needed; views from `view` taken before it are then stale). */
  matrix(rows: number, cols: number): Matrix {
    const m = { offset: this.used, rows, cols, stride: ceil8(Math.max(1, cols)) };
    this.used += rows * m.stride * 4;
    const missing = Math.ceil((this.used - this.memory.buffer.byteLength) / 65536);
    if (missing > 0) this.memory.grow(missing);
    return m;
  }

  /** Copy m.rows rows of m.cols values into m, row i from src[from + i x srcStride]. */
  write(m: Matrix, src: Values, from = 0, srcStride = m.cols): void {
    const f32 = this.view(m);
    for (let i = 0; i < m.rows; i++) {
      const s = from + i * srcStride;
      if (Array.isArray(src)) for (let j = 0; j < m.cols; j++) f32[i * m.stride + j] = src[s + j];
      else f32.set(src.subarray(s, s + m.cols), i * m.stride);
    }
  }

  /** m's values, row i's at i x m.stride: a view, valid until the next `matrix`. */
  view(m: Matrix): Float32Array {
    return new Float32Array(this.memory.buffer, m.offset, m.rows * m.stride);
  }

  /** Zero every value of m. */
  clear(m: Matrix): void {
    this.view(m).fill(0);
  }

  /**
   * out[i][c] = a[i] . b[c] over the first `cols` values (default b.cols, at most a.cols; b's padding is zero, so
   * a's values past them count nothing), for every row of a and b.
   */
  abt(a: Matrix, b: Matrix, out: Matrix, cols = b.cols): void {
    if (cols > a.cols || cols > b.cols || out.rows < a.rows || out.cols < b.rows) throw new Error(`abt: ${a.rows} x ${a.cols} by ${b.rows} x ${b.cols} over ${cols} into ${out.rows} x ${out.cols}`);
    this.kernel.abt(a.offset, a.stride * 4, a.rows, b.offset, b.stride * 4, b.rows, ceil8(cols), out.offset, out.stride * 4);
  }

  /** out[c] += sum over rows i of g[i][c] x x[i], for every row c of out (out.cols = x.cols). */
  gtx(g: Matrix, x: Matrix, out: Matrix): void {
    if (out.cols !== x.cols || g.rows !== x.rows) throw new Error(`gtx: ${g.rows} x ${g.cols}, ${x.rows} x ${x.cols} into ${out.rows} x ${out.cols}`);
    this.kernel.gtx(g.offset, g.stride * 4, g.rows, out.rows, x.offset, x.stride * 4, x.stride, out.offset, out.stride * 4);
  }
}
