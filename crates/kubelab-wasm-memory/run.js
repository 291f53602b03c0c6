// Drives the kubelab-wasm-memory module (scripts/wasm-memory.sh):
// node run.js WORKERS PODS SECS [STEADY]: boot, create, SECS seconds of ramp, then STEADY more
// seconds (default 0) timed apart, for a cluster that is up by then.
const m = require(process.env.KUBELAB_WASM_MEMORY_PKG + '/kubelab_wasm_memory.js');
const [workers, pods, secs, steady = 0] = process.argv.slice(2).map(Number);
let t = performance.now();
const ramp = new m.Ramp(workers);
const boot = performance.now() - t;
t = performance.now();
ramp.create(BigInt(pods));
const create = performance.now() - t;
const times = [];
for (let s = 1; s <= secs; s++) {
  t = performance.now();
  ramp.second();
  times.push([performance.now() - t, s]);
}
const sorted = times.map((x) => x[0]).sort((a, b) => a - b);
const [worst, at] = times.reduce((a, b) => (b[0] > a[0] ? b : a), [0, 0]);
const n = ramp.pods();
const over = times.filter((x) => x[0] > 100).map((x) => `${x[1]}:${x[0].toFixed(0)}ms`);
console.log(
  `wasm-memory: ${pods} replicas on ${workers} workers (Node.js ${process.version}): boot ${boot.toFixed(0)} ms, create ${create.toFixed(0)} ms; ` +
    `${secs} s in ${sorted.reduce((a, b) => a + b, 0).toFixed(0)} ms, slowest second ${worst.toFixed(0)} ms (second ${at}), ` +
    `median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms; ${n} pods, ${ramp.running()} Running; ` +
    `linear memory ${(ramp.memory() / 1e6).toFixed(0)} MB, grown ${ramp.memory_grown()} bytes = ${Math.round(ramp.memory_grown() / Math.max(n, 1))} bytes per pod; ` +
    `seconds over 100 ms: ${over.length ? `${over.length}: ${over.slice(0, 12).join(' ')}${over.length > 12 ? ' ...' : ''}` : 'none'}`,
);
if (steady > 0) {
  const st = [];
  for (let s = 1; s <= steady; s++) {
    t = performance.now();
    ramp.second();
    st.push(performance.now() - t);
  }
  const ss = [...st].sort((a, b) => a - b);
  console.log(
    `steady: ${steady} s after second ${secs} in ${ss.reduce((a, b) => a + b, 0).toFixed(0)} ms, ` +
      `median ${ss[Math.floor(ss.length / 2)].toFixed(1)} ms, slowest ${ss[ss.length - 1].toFixed(0)} ms; ` +
      `${ramp.pods()} pods, ${ramp.running()} Running; linear memory ${(ramp.memory() / 1e6).toFixed(0)} MB`,
  );
}
