// Where the page's wasm bytes go (the "Small" budget: 350 KB gzipped). Prints the size
// of dist/'s wasm, raw and gzipped, then reads a wasm that still has its `name` section and sums
// its function bodies by owner: our modules (`kafka_playground::engine`, …) to the depth asked,
// other crates by name; then the largest functions. No twiggy on this machine, so this reads the
// wasm sections itself. Usage:
//   node scripts/bench-size.mjs [NAMED_WASM] [--depth N] [--top N]
// NAMED_WASM defaults to cargo's own output (before wasm-bindgen and wasm-opt; its function
// sizes are before wasm-opt's inlining). For figures after wasm-opt, keep the names through it:
//   wasm-bindgen --keep-debug --target web --out-dir /tmp/named target/wasm32-unknown-unknown/wasm-release/kafka-playground.wasm
//   wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
//     --enable-mutable-globals --enable-reference-types --enable-multivalue \
//     /tmp/named/kafka-playground_bg.wasm -o /tmp/named.wasm
// (wasm-opt's inlining then counts an inlined function in its caller). Legacy symbol names drop
// generic arguments; to tell instances apart (which component's `view`, which key type's
// `BTreeMap`), build with `RUSTFLAGS="-C symbol-mangling-version=v0"` (into another
// CARGO_TARGET_DIR) and list them with `--grep REGEX`, e.g. `--grep 'Stateful>::view$'`.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args.splice(at, 2)[1]) : fallback;
};
const depth = option('--depth', 2);
const top = option('--top', 25);
const grepAt = args.indexOf('--grep');
const grep = grepAt >= 0 ? new RegExp(args.splice(grepAt, 2)[1]) : null;
const named = args[0] ?? join(ROOT, 'target/wasm32-unknown-unknown/wasm-release/kafka-playground.wasm');

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

try {
  const dist = join(ROOT, 'dist');
  for (const file of readdirSync(dist).filter((f) => f.endsWith('.wasm'))) {
    const bytes = readFileSync(join(dist, file));
    console.log(`dist/${file}: ${bytes.length} B raw, ${gz(bytes)} B gzipped (level 9)`);
  }
} catch {
  console.log('no dist/ (run `trunk build --release --offline` for the shipped size)');
}

const wasm = readFileSync(named);
function leb(at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = wasm[at.p++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return value;
}
const name = (at) => {
  const len = leb(at);
  const text = wasm.subarray(at.p, at.p + len).toString();
  at.p += len;
  return text;
};

const SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'data count'];
const sections = [];
for (let p = 8; p < wasm.length;) {
  const id = wasm[p++];
  const at = { p };
  const size = leb(at);
  const start = at.p;
  const label = id === 0 ? `custom "${name({ p: start })}"` : SECTION_NAMES[id] ?? String(id);
  sections.push({ id, label, start, size });
  p = start + size;
}
console.log(`\n${named}: ${wasm.length} B raw, ${gz(wasm)} B gzipped`);
for (const s of [...sections].sort((a, b) => b.size - a.size)) {
  if (s.size >= 1024) console.log(`  section ${s.label}: ${kb(s.size)}, ${kb(gz(wasm.subarray(s.start, s.start + s.size)))} gzipped alone`);
}

// Imported functions come first in the function index space.
let importedFunctions = 0;
const imports = sections.find((s) => s.id === 2);
if (imports) {
  const at = { p: imports.start };
  for (let n = leb(at); n > 0; n--) {
    name(at);
    name(at);
    const kind = wasm[at.p++];
    if (kind === 0) {
      leb(at);
      importedFunctions++;
    } else if (kind === 1) {
      at.p++;
      if (leb(at) & 1) leb(at), leb(at); else leb(at);
    } else if (kind === 2) {
      if (leb(at) & 1) leb(at), leb(at); else leb(at);
    } else if (kind === 3) {
      at.p += 2;
    } else if (kind === 4) {
      at.p++;
      leb(at);
    }
  }
}
const names = new Map();
const nameSection = sections.find((s) => s.label === 'custom "name"');
if (!nameSection) {
  console.log('no name section: pass a wasm built with names (see the usage above)');
  process.exit(0);
}
{
  const at = { p: nameSection.start };
  name(at);
  while (at.p < nameSection.start + nameSection.size) {
    const sub = wasm[at.p++];
    const end = leb(at) + at.p;
    if (sub === 1) {
      for (let n = leb(at); n > 0; n--) names.set(leb(at), name(at));
    }
    at.p = end;
  }
}
const code = sections.find((s) => s.id === 10);
const functions = [];
{
  const at = { p: code.start };
  const count = leb(at);
  for (let i = 0; i < count; i++) {
    const size = leb(at);
    functions.push([demangle(names.get(importedFunctions + i) ?? `function ${importedFunctions + i}`), size]);
    at.p += size;
  }
}

/** Rust's legacy mangling (`_ZN…17h<hash>E`) as a path; v0 (`_R…`) names are left as they are. */
function demangle(symbol) {
  // v0 names come demangled by wasm-bindgen, with each crate's hash: `yew[d943f5da44b64dcf]`.
  if (!symbol.startsWith('_ZN')) return symbol.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{16}\]/g, '');
  const escapes = { $LT$: '<', $GT$: '>', $u20$: ' ', $C$: ',', $RF$: '&', $BP$: '*', $SP$: '@', $LP$: '(', $RP$: ')', $u7b$: '{', $u7d$: '}', $u27$: "'", $u5b$: '[', $u5d$: ']', $u3b$: ';', $u7e$: '~', $u21$: '!', $u22$: '"', $u2b$: '+' };
  const parts = [];
  for (let i = 3; i < symbol.length && symbol[i] !== 'E';) {
    let len = 0;
    while (/[0-9]/.test(symbol[i])) len = len * 10 + Number(symbol[i++]);
    let part = symbol.slice(i, i + len);
    i += len;
    if (part.startsWith('_$')) part = part.slice(1);
    parts.push(part.replace(/\$[A-Za-z0-9]+\$/g, (e) => escapes[e] ?? e).replace(/\.\./g, '::'));
  }
  if (/^h[0-9a-f]{16}$/.test(parts.at(-1))) parts.pop();
  return parts.join('::');
}

/** The first path in the name: `<yew::…::CompStateInner<…> as …>::view` belongs to yew. */
function owner(fn) {
  const path = (fn.match(/[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*/)?.[0] ?? fn).split('::');
  return path[0] === 'kafka_playground' ? path.slice(0, depth + 1).join('::') : path[0];
}
/** The name with generic arguments and hashes dropped: one line per generic function. */
const family = (fn) => {
  let out = fn;
  for (let i = 0; i < 4; i++) out = out.replace(/<[^<>]*>/g, '<…>');
  return out;
};

const total = functions.reduce((sum, [, size]) => sum + size, 0);
const report = (title, key) => {
  const sums = new Map();
  for (const [fn, size] of functions) {
    const k = key(fn);
    const [bytes, count] = sums.get(k) ?? [0, 0];
    sums.set(k, [bytes + size, count + 1]);
  }
  console.log(`\n${title}`);
  for (const [k, [bytes, count]] of [...sums].sort((a, b) => b[1][0] - a[1][0]).slice(0, top)) {
    console.log(`  ${kb(bytes).padStart(10)} ${(100 * bytes / total).toFixed(1).padStart(5)}% ${String(count).padStart(5)} fns  ${k.slice(0, 160)}`);
  }
};
console.log(`\n${functions.length} functions, ${kb(total)} of bodies`);
report(`by owner (our modules to depth ${depth})`, owner);
report('by generic function (instances summed)', family);
if (grep) {
  console.log(`\nfunctions matching ${grep}, largest first`);
  for (const [fn, size] of functions.filter(([fn]) => grep.test(fn)).sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${kb(size).padStart(10)}  ${fn.slice(0, 200)}`);
  }
}
