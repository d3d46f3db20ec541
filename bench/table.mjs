// Turns one benchmark run into the README's table: machine and date, the in-process costs from
// BenchmarkDotNet's JSON reports, the storage calls per card action, the load run, and each goal
// as a ratio within this run.
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

const [bdnResults, callsFile, loadFile] = process.argv.slice(2);
const benchmarks = readdirSync(bdnResults).filter((f) => f.endsWith('-report-full.json'))
  .flatMap((f) => JSON.parse(readFileSync(join(bdnResults, f), 'utf8')).Benchmarks);
const calls = JSON.parse(readFileSync(callsFile, 'utf8'));
const load = JSON.parse(readFileSync(loadFile, 'utf8'));

const time = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(1)} µs`);
const mean = (type, method, params) => benchmarks.find((b) => b.Type === type && b.Method === method && (b.Parameters ?? '') === params)?.Statistics?.Mean;
const ratio = (a, b) => (a && b ? a / b : NaN);

console.log(`\nRun ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} cores (nproc), ${cpus()[0]?.model.trim()}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end\n`);
console.log('In-process (BenchmarkDotNet, mean per operation)\n');
console.log('| Benchmark | Parameters | Mean | Allocated |');
console.log('|---|---|---:|---:|');
for (const b of benchmarks) {
  console.log(`| ${b.Type}.${b.Method} | ${b.Parameters || '–'} | ${time(b.Statistics.Mean)} | ${(b.Memory.BytesAllocatedPerOperation / 1024).toFixed(1)} KB |`);
}

console.log('\nStorage calls per report card action (counted through the handler)\n');
console.log('| Action | Calls |');
console.log('|---|---:|');
for (const [action, count] of Object.entries(calls)) console.log(`| ${action} | ${count} |`);

console.log(`\nLoad (autocannon, ${load.connections} connections, ${load.rounds} interleaved rounds of ${load.run} per target, median of rounds)\n`);
console.log('| Target | p50 ms | p99 ms (rounds) | req/s | requests | failed | saves applied | RSS after, MB |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of load.rows) {
  console.log(`| ${r.target} | ${r.p50} | ${r.p99} (${r.p99s.join(', ')}) | ${r.rps} | ${r.requests} | ${r.failed} | ${r.saved ?? '–'} | ${r.rssMb} |`);
}

const sizes = [...new Set(benchmarks.filter((b) => b.Type === 'CardActionBenchmarks').map((b) => b.Parameters))];
const revisions = [...new Set(benchmarks.filter((b) => b.Type === 'ReportSaveBenchmarks').map((b) => b.Parameters))];
const goals = [
  ['Card action p99, bot / echo bot (50 units, 50 users)', load.ratios.p99VsEcho, 1.5],
  [`Card action p99, largest / smallest committee (${load.rows.at(-1).target.replace('bot, ', '')} / ${load.rows[1].target.replace('bot, ', '')})`, load.ratios.p99LargestVsSmallest, 1.2],
  [`Card action in-process, ${sizes.at(-1)} / ${sizes[0]}`, ratio(mean('CardActionBenchmarks', 'SaveDraftAsync', sizes.at(-1)), mean('CardActionBenchmarks', 'SaveDraftAsync', sizes[0])), 1.2],
  [`Save draft, ${revisions.at(-1)} / ${revisions[0]}`, ratio(mean('ReportSaveBenchmarks', 'SaveDraft', revisions.at(-1)), mean('ReportSaveBenchmarks', 'SaveDraft', revisions[0])), 1.2],
  [`Submit, ${revisions.at(-1)} / ${revisions[0]}`, ratio(mean('ReportSaveBenchmarks', 'Submit', revisions.at(-1)), mean('ReportSaveBenchmarks', 'Submit', revisions[0])), 1.2],
];
console.log('\nGoals (ratios within this run)\n');
console.log('| Goal | Measured | Target | Met |');
console.log('|---|---:|---:|:---:|');
for (const [name, value, target] of goals) console.log(`| ${name} | ${value.toFixed(2)}× | ≤ ${target}× | ${value <= target ? 'yes' : 'no'} |`);
const maxCalls = Math.max(...Object.values(calls));
console.log(`| Storage calls per save | ${maxCalls} | ≤ 3 | ${maxCalls <= 3 ? 'yes' : 'no'} |`);
console.log(`| RSS of the bot after the runs | ${load.ratios.maxBotRssMb} MB | ≤ 250 MB | ${load.ratios.maxBotRssMb <= 250 ? 'yes' : 'no'} |`);
