// The fault stack as its own process (the demo's computations then never stall the console under test):
//   node --import tsx test/faults/main.ts [--memo] [--slow-ms=N] [--oversize-bytes=N]
// prints one JSON line {"urls": {...}, "controlUrl": "..."} when ready, and stops on SIGTERM, SIGINT or when its
// standard input closes (the test that started it has gone).
import { startFaultStack } from './fault-stack';

function numberArg(name: string): number | undefined {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  if (!arg) return undefined;
  const value = Number(arg.slice(name.length + 3));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

const stack = await startFaultStack({
  memo: process.argv.includes('--memo'),
  slowMs: numberArg('slow-ms'),
  oversizeBytes: numberArg('oversize-bytes'),
});
process.stdout.write(JSON.stringify({ urls: stack.urls, controlUrl: stack.controlUrl }) + '\n');

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void stack.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
