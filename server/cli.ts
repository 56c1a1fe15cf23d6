/**
 * The command line: parses arguments with commander, hands each command its raw options (each command
 * validates them with its schema), and turns a UserError into one line on stderr and exit code 2.
 */
import { Command, CommanderError } from 'commander';
import { UserError } from './errors.js';

type Action = (opts: Record<string, unknown>, args: string[]) => Promise<number | void>;

function build(run: (a: Action) => (...xs: unknown[]) => Promise<void>): Command {
  const program = new Command('echolive')
    .description('Real-time echocardiography view classification, guidance and training')
    .exitOverride()
    .configureOutput({ writeErr: () => {} })
    .showHelpAfterError(false)
    .enablePositionalOptions();

  program
    .command('simulate')
    .description('render the echo phantom to a clip, a live MPEG-TS stream (udp://, tcp://) or raw RGB24 on stdout (-)')
    .option('--view <id>', 'one of the 15 view ids')
    .option('--tour', 'walk the probe through all views (writes <out>.truth.json)')
    .option('--seconds <s>', 'length; a stream without it runs until stopped')
    .requiredOption('--out <file|url|->', 'output')
    .option('--seed <n>', 'random seed', '1')
    .option('--fps <n>', 'frames per second', '30')
    .option('--size <WxH>', 'screen size', '800x600')
    .option('--look <name>', 'machine look: standard, or bronze-mirrored (one the shipped model never saw)')
    .action(run(async (o) => {
      const { simulate } = await import('./commands/simulate.js');
      const ac = new AbortController();
      const stop = () => ac.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await simulate(o, ac.signal);
    }));

  const collect = (v: string, prev: string[] = []) => [...prev, v];
  program
    .command('serve')
    .description('the live server: sources -> model -> smoothing -> guidance -> WebSocket + dashboard')
    .option('--source <spec>', 'a source (repeatable): file, DICOM, /dev/videoN, rtsp/udp/tcp/srt/http URL, sim:<view>|tour|interactive', collect)
    .option('--host <addr>', 'listen address (beyond 127.0.0.1 needs --token)')
    .option('--port <n>', 'port (0 picks a free one)')
    .option('--model <onnx>', 'model file (its card must sit beside it)')
    .option('--device <d>', 'auto, cpu, webgpu, cuda or tensorrt')
    .option('--threads <n>', 'CPU threads for inference')
    .option('--token <t>', 'require this token on the API (?token= or Authorization: Bearer)')
    .option('--allow-origin <origin>', 'allow a browser Origin (repeatable)', collect)
    .option('--allow-host <host[:port]>', 'answer requests addressed to this name too, e.g. echo-cart.local (repeatable)', collect)
    .option('--preview <mode>', 'send the selected stream\'s image to the dashboard: on (default), off')
    .option('--seed <n>', 'phantom seed')
    .option('--profile <file>', 'a taught profile for every stream (a source\'s #profile=<file> wins)')
    .option('--suggest-teach-after <s>', 'seconds of a real source with no view recognised before the overlay suggests teaching it (default 60, 0 never)')
    .option('--auto-capture <mode>', 'keep the best clip of each view on real sources from the start: off (default), on (phantom: on)')
    .option('--captures <dir>', 'the only folder capture exports may write under (default captures)')
    .action(run(async (o) => {
      const { serve } = await import('./commands/serve.js');
      await serve(o);
    }));

  program
    .command('classify')
    .argument('[input]', 'file (mp4, avi, mov, mkv, gif, png, jpg), DICOM (.dcm), /dev/videoN, URL or sim:<view>')
    .description('classify a recorded clip, still, DICOM cine or stream offline')
    .option('--json', 'print one JSON object')
    .option('--model <onnx>', 'model file (its card must sit beside it)')
    .option('--device <d>', 'auto, cpu, webgpu, cuda or tensorrt', 'auto')
    .option('--threads <n>', 'CPU threads for inference')
    .option('--timeout <s>', 'give up on a source with no frames for this long')
    .option('--profile <file>', 'a taught profile (profiles/<name>.json) on top of the model')
    .action(run(async (o, args) => {
      const { classify } = await import('./commands/classify.js');
      await classify(args[0], o);
    }));

  program
    .command('evaluate')
    .description('accuracy of a model on a dataset directory or a CSV of path,view; prints JSON and writes a report')
    .option('--model <onnx>', 'model file (its card must sit beside it)')
    .option('--data <dir|csv>', 'dataset directory or CSV of path,view')
    .option('--report <dir>', 'report directory (default reports/<model>-<data>)')
    .option('--card', 'record the headline figures in the model card')
    .option('--device <d>', 'auto, cpu, webgpu, cuda or tensorrt', 'auto')
    .option('--threads <n>', 'CPU threads for inference')
    .option('--profile <file>', 'a taught profile (profiles/<name>.json) on top of the model')
    .option('--teach <k>', 'teach k random frames per class of the CSV and measure on the other clips (repeated)')
    .option('--repeats <n>', 'repeats of --teach (default 20)')
    .option('--seed <n>', 'first seed of the --teach repeats (default 1)')
    .option('--one-clip', 'with --teach: take the k frames from one clip per class')
    .option('--spread', 'with --teach: take the k frames one per clip, from up to k clips per class')
    .option('--fine-tune', 'with --teach: fine-tune the network on each repeat\'s taught frames before fitting the head')
    .action(run(async (o) => {
      const { evaluate } = await import('./commands/evaluate.js');
      await evaluate(o);
    }));

  program
    .command('teach')
    .description('teach the model a machine from labelled files: writes a profile (classify, evaluate and serve take --profile)')
    .option('--data <dir|csv>', 'folder of <view id>/ images, clips or DICOMs, or a CSV of path,view[,clip]')
    .option('--out <file>', 'the profile to write, profiles/<name>.json')
    .option('--frames-per-clip <n>', 'frames taken from each clip, spread evenly (default 10)')
    .option('--model <onnx>', 'model file (its card must sit beside it)')
    .option('--device <d>', 'auto, cpu, webgpu, cuda or tensorrt', 'auto')
    .option('--threads <n>', 'CPU threads for inference')
    .option('--fine-tune', 'also fine-tune the network\'s last layers on the taught frames (about half a minute)')
    .action(run(async (o) => {
      const { teach } = await import('./commands/teach.js');
      await teach(o);
    }));

  const ds = program
    .command('dataset')
    .description('write a phantom training set (frames with a margin around the sector, labels, manifest)')
    .option('--count <n>', 'number of frames')
    .option('--out <dir>', 'output directory')
    .option('--size <WxH>', 'the sector\'s size in stored frames (the model input it is for)', '80x60')
    .option('--margin <f>', 'margin on each side of the sector, as a fraction of its size', '0.125')
    .option('--seed <n>', 'random seed', '1')
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('--clip-seconds <s>', 'steady clips of one view each (views in turn) instead of random frames')
    .option('--fps <n>', 'frame rate of clips', '30')
    .option('--degrade <share>', 'share of 2D frames moved part-way off their view, and of those imaged too deep (quality training)', '0')
    .action(run(async (o) => {
      const { dataset } = await import('./commands/dataset.js');
      await dataset(o);
    }));
  ds.enablePositionalOptions();
  ds.command('import <dir>')
    .description('turn a folder of labelled scans (one sub-folder per view id: images, videos, DICOMs) into the dataset format')
    .option('--out <dir>', 'output directory')
    .option('--size <WxH>', 'the sector\'s size in stored frames (the model input it is for)', '80x60')
    .option('--margin <f>', 'margin on each side of the sector, as a fraction of its size', '0.125')
    .action(run(async (o, args) => {
      const { datasetImport } = await import('./commands/dataset-import.js');
      await datasetImport(args[0], o);
    }));

  return program;
}

/** Run the CLI; resolves to the exit code (0 ok, 2 bad input or arguments, 1 internal error). */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const run = (a: Action) => async (...xs: unknown[]) => {
    const cmd = xs[xs.length - 1] as Command;
    const r = await a(cmd.opts(), cmd.args);
    if (typeof r === 'number') code = r;
  };
  const program = build(run);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      process.stderr.write(`echolive: ${e.message.replace(/^error: /, '')}\n`);
      return 2;
    }
    if (e instanceof UserError) {
      process.stderr.write(`echolive: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`echolive: internal error: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
}
