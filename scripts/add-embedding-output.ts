/**
 * Gives a model exported before card version 2 (one `probs` output, the shipped model) the `logits` and
 * `embedding` outputs that training/model.py's `Exported` writes today, without retraining and without touching
 * one weight or one existing node:
 *   logits    = the last Gemm's output (before the temperature), as train.py declares it;
 *   embedding = the Gemm's input (the pooled features) divided by max(its L2 norm, 1e-12), which is exactly
 *               torch.nn.functional.normalize(f, dim=1).
 * Then it rewrites the card as version 2, keeping every figure of the version-1 card. `probs` are the same
 * graph, so the PyTorch parity file stays valid (test/embedding-output.test.ts checks it).
 *   tsx scripts/add-embedding-output.ts [--model models/echolive-view.onnx]
 * Refuses (exit 2, one line) a model that already has the outputs or whose graph does not end Gemm -> Div ->
 * Softmax(probs).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const arg = (k: string, d: string) => (process.argv.includes(k) ? process.argv[process.argv.indexOf(k) + 1] : d);
const modelPath = arg('--model', 'models/echolive-view.onnx');
const cardPath = modelPath.replace(/\.onnx$/i, '.json');

function fail(reason: string): never {
  console.error(`${modelPath}: ${reason}`);
  process.exit(2);
}

const model = onnx.ModelProto.decode(readFileSync(modelPath));
const graph = model.graph ?? fail('no graph');
const nodes = graph.node ?? [];
const names = (graph.output ?? []).map((o) => o.name);
if (names.includes('embedding') || names.includes('logits')) fail('already has logits/embedding outputs');
const softmax = nodes.find((n) => n.opType === 'Softmax' && n.output?.[0] === 'probs') ?? fail('no Softmax producing probs');
const byOutput = (t: string) => nodes.find((n) => n.output?.includes(t));
const div = byOutput(softmax.input![0]) ?? fail('nothing feeds the Softmax');
const gemm = div.opType === 'Div' ? byOutput(div.input![0]) : undefined;
if (!gemm || gemm.opType !== 'Gemm') fail('the graph does not end Gemm -> Div (temperature) -> Softmax');
const features = gemm.input![0];
const weight = (graph.initializer ?? []).find((t) => t.name === gemm.input![1]) ?? fail('the Gemm has no weight initializer');
const classes = Number(weight.dims![0]);
const width = Number(weight.dims![1]);

const F = onnx.TensorProto.DataType.FLOAT;
const eps = onnx.TensorProto.create({ name: 'embedding_eps', dataType: F, dims: [], floatData: [1e-12] });
const ints = (name: string, v: number[]) => onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: v });
const int = (name: string, v: number) => onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i: v });
graph.initializer!.push(eps);
nodes.push(
  onnx.NodeProto.create({ name: 'logits_out', opType: 'Identity', input: [gemm.output![0]], output: ['logits'] }),
  onnx.NodeProto.create({ name: 'embedding_norm', opType: 'ReduceL2', input: [features], output: ['embedding_norm'], attribute: [ints('axes', [1]), int('keepdims', 1)] }),
  onnx.NodeProto.create({ name: 'embedding_clamp', opType: 'Max', input: ['embedding_norm', 'embedding_eps'], output: ['embedding_safe_norm'] }),
  onnx.NodeProto.create({ name: 'embedding_out', opType: 'Div', input: [features, 'embedding_safe_norm'], output: ['embedding'] }),
);
const out = (name: string, n: number) => onnx.ValueInfoProto.create({
  name,
  type: { tensorType: { elemType: F, shape: { dim: [{ dimParam: 'batch' }, { dimValue: n }] } } },
});
graph.output!.push(out('logits', classes), out('embedding', width));
writeFileSync(modelPath, onnx.ModelProto.encode(model).finish());

const v1 = JSON.parse(readFileSync(cardPath, 'utf8'));
if (v1.version !== 1) fail(`${cardPath} is not a version-1 card`);
const outputs = {
  probs: { shape: v1.output.shape, kind: v1.output.kind },
  logits: { shape: [-1, classes], kind: 'raw logits (before the temperature), for the out-of-distribution score' },
  embedding: { shape: [-1, width], kind: 'L2-normalised features before the last layer' },
};
const upgraded = 'logits and embedding added to the exported graph by scripts/add-embedding-output.ts (no weight changed; probs identical)';
// Same keys in the same order, `output` replaced by `outputs` where it stood: the card's diff stays readable.
const v2 = Object.fromEntries(Object.entries(v1).flatMap(([k, v]) => (
  k === 'output' ? [['outputs', outputs], ['upgraded', upgraded]] : k === 'version' ? [[k, 2]] : [[k, v]])));
writeFileSync(cardPath, JSON.stringify(v2, null, 2));
console.log(`${modelPath}: added logits [-1,${classes}] and embedding [-1,${width}]; ${cardPath} is now version 2`);
