// HTTP load run: the bot (at several committee sizes) and a minimal Bot Builder echo bot, both on
// 127.0.0.1 with anonymous auth, under the same Save-draft Action.Execute invokes from distinct users
// (each the contact of one unit), in interleaved rounds. Prints p99 and throughput per target, the
// ratios the goals are stated in, and each bot's RSS after the runs; writes them as JSON with --out.
// Invokes are answered in the HTTP response, so no Bot Connector is needed.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    bot: { type: 'string' },
    echo: { type: 'string' },
    sizes: { type: 'string', default: '50,1000,10000' },
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    // A fixed number of requests per run instead of a duration (the test suite's smoke run).
    amount: { type: 'string' },
    out: { type: 'string' },
  },
});
const sizes = args.sizes.split(',').map(Number);
const connections = Number(args.connections);
const duration = Number(args.duration);
const rounds = Number(args.rounds);
if (!args.bot || !args.echo) throw new Error('--bot <CooperationBot.dll> and --echo <EchoBot.dll> are required');
if (Math.min(...sizes) < connections) throw new Error('every committee needs at least one unit per connection');

const work = mkdtempSync(join(tmpdir(), 'bench-load-'));
const children = [];
process.on('exit', () => { for (const c of children) c.kill('SIGKILL'); rmSync(work, { recursive: true, force: true }); });
process.on('SIGINT', () => process.exit(130));

const unitId = (i) => `u${String(i).padStart(5, '0')}`;
const userId = (i) => `bench-user-${i}`;

/** The committee file's shape (Bot/Committees/sample-committee.json): unit i has one contact, bench-user-i. */
function writeCommittee(units) {
  const file = {
    id: `bench-${units}`, defaultLanguage: 'zh-CN', timeZone: 'Asia/Shanghai',
    meeting: { title: { zh: '基准测试委员会', en: 'Benchmark committee' }, date: '2020-05-14', chair: { zh: '主任', en: 'Chair' } },
    reportingYear: 2019, planYear: 2020, submissionDeadline: '2020-06-30',
    organisers: [{ name: '组织者', aadObjectId: 'bench-organiser' }],
    units: Array.from({ length: units }, (_, k) => ({
      id: unitId(k + 1),
      shortName: { zh: `单位${k + 1}`, en: `Unit ${k + 1}` },
      fullName: { zh: `中国科学院第${k + 1}研究所`, en: `CAS Institute ${k + 1}` },
      contacts: [{ name: `联络人${k + 1}`, aadObjectId: userId(k + 1) }],
    })),
    directives: [{ id: 'd1', text: { zh: '加强合作。', en: 'Cooperate more.' } }],
  };
  const path = join(work, `committee-${units}.json`);
  writeFileSync(path, JSON.stringify(file));
  return path;
}

// Ports already handed out: the OS may offer a just-closed port again, and two targets on one port
// would measure the same process twice (the 50-unit bot once answered with the echo bot's echo).
const given = new Set();

async function freePort() {
  for (;;) {
    const port = await new Promise((ok, fail) => {
      const server = createServer().listen(0, '127.0.0.1', () => { const { port: p } = server.address(); server.close(() => ok(p)); });
      server.on('error', fail);
    });
    if (!given.has(port)) { given.add(port); return port; }
  }
}

async function start(name, dll, env) {
  const port = await freePort();
  // DOTNET_HOST_PATH is set when run under `dotnet test`, whose PATH may not hold dotnet.
  const child = spawn(process.env.DOTNET_HOST_PATH || 'dotnet', [resolve(dll)], {
    cwd: join(resolve(dll), '..'),
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', ASPNETCORE_ENVIRONMENT: 'Production', urls: `http://127.0.0.1:${port}`, Logging__LogLevel__Default: 'Warning', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited: ${stderr}`);
    try { if ((await fetch(`${url}/healthz`)).ok) return { name, url, child }; } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not start within 60 s: ${stderr}`);
}

/** Save-draft invokes from distinct contacts: no two requests in flight are for the same unit, as with 50 people each at their own card. */
function saveRequests(units) {
  const versions = new Array(units + 1).fill(0);
  // Units not in flight. autocannon gives each request a fresh context (it resets it whenever its list of
  // requests starts over, i.e. every request here), so a unit is taken when a request is built and given
  // back when its answer is in; keeping it in the context alone let two connections save one unit at once.
  let free = [];
  let next = 0;
  const counts = { saved: 0, other: 0 };
  let id = 0;
  return {
    counts,
    // A run stops with requests unanswered: their units are free again for the next run.
    reset() { free = Array.from({ length: units }, (_, k) => units - k); },
    requests: [{
      method: 'POST',
      path: '/api/messages',
      headers: { 'content-type': 'application/json' },
      setupRequest(req, context) {
        // The pool is never empty while fewer requests than units are in flight; round robin covers requests
        // built and never sent.
        const unit = free.pop() ?? ((next++ % units) + 1);
        context.unit = unit;
        context.sent = versions[unit];
        const user = userId(unit);
        req.body = JSON.stringify({
          type: 'invoke', name: 'adaptiveCard/action', id: `load-${++id}`, channelId: 'msteams', locale: 'zh-CN',
          serviceUrl: 'http://127.0.0.1:9/', timestamp: new Date().toISOString(),
          from: { id: `29:${user}`, name: `联络人${unit}`, aadObjectId: user },
          recipient: { id: '28:bot', name: 'CooperationBot' },
          conversation: { id: `a:${user}`, conversationType: 'personal', tenantId: 'tenant' },
          value: { trigger: 'manual', action: { type: 'Action.Execute', verb: 'report.save', data: {
            unitId: unitId(unit), cycleId: '2019-2020', baseVersion: versions[unit], lang: 'zh-CN',
            achievements: `与地方企业共建联合实验室\n第${id}次保存`, priorities: '推进示范工程建设\n共建联合实验室', remark: '' } } },
        });
        return req;
      },
      onResponse(status, body, context) {
        const match = /"baseVersion":\s*(\d+)/.exec(body);
        const version = match ? Number(match[1]) : context.sent;
        // A stored draft comes back as the plain form one version on; a told conflict or an error carries an attention banner.
        if (status === 200 && version === context.sent + 1 && !body.includes('"attention"')) counts.saved++; else counts.other++;
        versions[context.unit] = version;
        free.push(context.unit);
      },
    }],
  };
}

function load(target, seconds) {
  // One request state per target for all its runs: the versions of its units carry over.
  target.state ??= saveRequests(target.units);
  const { requests, counts } = target.state;
  target.state.reset();
  counts.saved = 0;
  counts.other = 0;
  const length = args.amount ? { amount: Number(args.amount) } : { duration: seconds };
  return new Promise((ok, fail) => {
    autocannon({ url: target.url, connections, ...length, requests, timeout: 20 }, (err, result) => {
      if (err) return fail(err);
      ok({
        p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average,
        total: result.requests.total, non2xx: result.non2xx, errors: result.errors + result.timeouts, ...counts,
      });
    });
  });
}

function rssMb(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Math.round(Number(line.split(/\s+/)[1]) / 1024);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const targets = await Promise.all([
  start('echo', args.echo, {}).then((t) => ({ ...t, units: Math.max(...sizes), label: 'echo bot' })),
  ...sizes.map((size) => start(`bot-${size}`, args.bot, {
    Committee__File: writeCommittee(size), Committee__DemoMode: 'false', Storage__LocalFolder: join(work, `store-${size}`),
  }).then((t) => ({ ...t, units: size, label: `bot, ${size.toLocaleString('en')} units` }))),
]);

if (Number(args.warmup) > 0) for (const t of targets) await load(t, Number(args.warmup));
const runs = Object.fromEntries(targets.map((t) => [t.name, []]));
for (let round = 1; round <= rounds; round++) {
  for (const t of targets) runs[t.name].push(await load(t, duration));
}

const rows = targets.map((t) => {
  const r = runs[t.name];
  return {
    target: t.label, name: t.name,
    p50: median(r.map((x) => x.p50)), p99: median(r.map((x) => x.p99)), rps: Math.round(median(r.map((x) => x.rps))),
    requests: r.reduce((s, x) => s + x.total, 0), failed: r.reduce((s, x) => s + x.non2xx + x.errors, 0),
    saved: t.name === 'echo' ? null : r.reduce((s, x) => s + x.saved, 0),
    rssMb: rssMb(t.child.pid), p99s: r.map((x) => x.p99),
  };
});
const echo = rows[0];
const bots = rows.slice(1);
const smallest = bots[0];
const largest = bots[bots.length - 1];
const result = {
  connections, rounds, rows, run: args.amount ? `${args.amount} requests` : `${duration} s`,
  ratios: {
    p99VsEcho: smallest.p99 / echo.p99,
    p99LargestVsSmallest: largest.p99 / smallest.p99,
    rpsSmallestVsLargest: smallest.rps / largest.rps,
    maxBotRssMb: Math.max(...bots.map((b) => b.rssMb)),
  },
};

console.log(`\nLoad: ${connections} connections, ${rounds} interleaved rounds of ${result.run} per target (median of rounds)\n`);
console.log('| Target | p50 ms | p99 ms (each round) | req/s | requests | failed | saves applied | RSS after, MB |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.target} | ${r.p50} | ${r.p99} (${r.p99s.join(', ')}) | ${r.rps} | ${r.requests} | ${r.failed} | ${r.saved ?? '–'} | ${r.rssMb} |`);
}
console.log(`\np99 bot (${smallest.target}) / echo bot: ${result.ratios.p99VsEcho.toFixed(2)}×; p99 ${largest.target} / ${smallest.target}: ${result.ratios.p99LargestVsSmallest.toFixed(2)}×; throughput ${smallest.target} / ${largest.target}: ${result.ratios.rpsSmallestVsLargest.toFixed(2)}×; largest bot RSS ${result.ratios.maxBotRssMb} MB`);
if (args.out) writeFileSync(args.out, JSON.stringify(result, null, 2));
const failed = rows.some((r) => r.failed > 0 || r.requests === 0) || bots.some((b) => b.saved === 0);
process.exit(failed ? 1 : 0);
