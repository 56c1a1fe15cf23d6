/**
 * The view network's trainable layers, read from its ONNX file, and a copy of the file with some weights replaced.
 * Reading checks that the path from the input to the view logits is the kit's chain (training/model.py: per-image
 * standardisation, then convolution, batch norm, ReLU and sometimes 2 x 2 max pooling, repeated; global average
 * pooling; one linear layer); any other graph is refused with one line, since the fine-tuner (tuner.ts) mirrors
 * exactly that chain. Writing replaces float initialisers by name and leaves every other byte's meaning alone.
 */
import onnxProto from 'onnx-proto';
import { UserError } from '../../errors.js';

const { onnx } = onnxProto;

/** One convolution of the chain: 3 x 3, stride 1, padding 1, with the batch norm and pooling after it. */
export interface ConvLayer {
  /** Initialiser names. */
  weight: string;
  /** [out, in, 3, 3]. */
  shape: [number, number, number, number];
  bn: { scale: string; bias: string; mean: string; variance: string; epsilon: number };
  /** A 2 x 2 max pooling (stride 2, floor) follows the ReLU. */
  pool: boolean;
}

/** The chain from the input to the view logits, and the float initialisers by name. */
export interface Tunable {
  layers: ConvLayer[];
  head: { weight: string; bias: string; classes: number };
  tensors: Map<string, Float32Array>;
}

type Node = onnxProto.onnx.INodeProto;
type Tensor = onnxProto.onnx.ITensorProto;

const FLOAT = 1;

function floats(t: Tensor): Float32Array {
  if (t.dataType !== FLOAT) return new Float32Array(0);
  if (t.rawData?.length) return new Float32Array(Uint8Array.from(t.rawData).buffer);
  return Float32Array.from(t.floatData ?? []);
}

const attr = (n: Node, name: string) => n.attribute?.find((a) => a.name === name);
const ints = (n: Node, name: string) => (attr(n, name)?.ints ?? []).map(Number);

/** Read the chain of a view model's ONNX bytes. Throws UserError (naming `where`) when the graph is not the kit's chain. */
export function readTunable(bytes: Uint8Array, where: string, classes: number): Tunable {
  const refuse = (why: string): never => {
    throw new UserError(`${where}: its network cannot be fine-tuned (${why}); teach it without --fine-tune`);
  };
  let model;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    return refuse(`not an ONNX file: ${(e as Error).message.slice(0, 80)}`);
  }
  const nodes = model.graph?.node ?? [];
  const tensors = new Map<string, Float32Array>();
  for (const t of model.graph?.initializer ?? []) tensors.set(t.name ?? '', floats(t));
  const users = (name: string) => nodes.filter((n) => (n.input ?? []).includes(name));
  const only = (name: string, op: string): Node => {
    const next = users(name).filter((n) => n.opType === op);
    return next.length ? next[0] : refuse(`expected ${op} after '${name}'`);
  };
  const layers: ConvLayer[] = [];
  let conv = nodes.find((n) => n.opType === 'Conv') ?? refuse('no convolution');
  for (;;) {
    const [, w, b] = conv.input ?? [];
    const shape = [...(model.graph?.initializer?.find((t) => t.name === w)?.dims ?? [])].map(Number);
    if (b || shape.length !== 4 || shape[2] !== 3 || shape[3] !== 3 || ints(conv, 'strides').some((s) => s !== 1) || ints(conv, 'pads').some((p) => p !== 1) || Number(attr(conv, 'group')?.i ?? 1) !== 1) {
      refuse(`convolution '${conv.name}' is not 3 x 3, stride 1, padding 1 without bias`);
    }
    const bn = only(conv.output![0], 'BatchNormalization');
    const [, scale, bias, mean, variance] = bn.input ?? [];
    const relu = only(bn.output![0], 'Relu');
    const pooled = users(relu.output![0]).find((n) => n.opType === 'MaxPool');
    if (pooled && (ints(pooled, 'kernel_shape').join() !== '2,2' || ints(pooled, 'strides').join() !== '2,2' || Number(attr(pooled, 'ceil_mode')?.i ?? 0) !== 0)) refuse('max pooling other than 2 x 2, stride 2');
    layers.push({ weight: w, shape: shape as ConvLayer['shape'], bn: { scale, bias, mean, variance, epsilon: attr(bn, 'epsilon')?.f ?? 1e-5 }, pool: !!pooled });
    const out = (pooled ?? relu).output![0];
    const next = users(out).find((n) => n.opType === 'Conv');
    if (next) {
      conv = next;
      continue;
    }
    const gap = only(out, 'GlobalAveragePool');
    const flat = only(gap.output![0], 'Flatten');
    const head = users(flat.output![0]).find((n) => n.opType === 'Gemm' && tensors.get(n.input![1])?.length === classes * layers.at(-1)!.shape[0]);
    if (!head || Number(attr(head, 'transB')?.i ?? 0) !== 1 || !head.input![2]) return refuse('no linear view head after the pooling');
    return { layers, head: { weight: head.input![1], bias: head.input![2], classes }, tensors };
  }
}

/** The ONNX bytes with the named float initialisers replaced (same sizes). Throws on an unknown name or size. */
export function withWeights(bytes: Uint8Array, replace: ReadonlyMap<string, Float32Array>): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  const left = new Set(replace.keys());
  for (const t of model.graph?.initializer ?? []) {
    const v = replace.get(t.name ?? '');
    if (!v) continue;
    if (t.dataType !== FLOAT || floats(t).length !== v.length) throw new Error(`initialiser '${t.name}' is not ${v.length} floats`);
    t.rawData = new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
    t.floatData = [];
    left.delete(t.name!);
  }
  if (left.size) throw new Error(`no initialiser named ${[...left].join(', ')}`);
  return onnx.ModelProto.encode(model).finish();
}
