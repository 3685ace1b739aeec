#!/usr/bin/env node
// Usage: zip-dir.mjs DIR OUT.zip PREFIX
// Writes a reproducible zip of DIR (files sorted, one fixed timestamp, DEFLATE) with every entry under PREFIX/,
// using only node (zlib), so `make release` needs no zip tool on the machine.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const [dir, out, prefix] = process.argv.slice(2);
if (!dir || !out || !prefix) {
  console.error('usage: zip-dir.mjs DIR OUT.zip PREFIX');
  process.exit(2);
}

function walk(base, rel = '') {
  return fs.readdirSync(path.join(base, rel), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) return walk(base, child);
      return e.isFile() ? [child] : [];
    });
}

// 1980-01-01 00:00 in MS-DOS format: the same bytes on every build.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

const locals = [];
const centrals = [];
let offset = 0;
for (const rel of walk(dir)) {
  const data = fs.readFileSync(path.join(dir, rel));
  const name = Buffer.from(`${prefix}/${rel}`, 'utf8');
  const packed = zlib.deflateRawSync(data, { level: 9 });
  const stored = packed.length >= data.length;
  const body = stored ? data : packed;
  const crc = zlib.crc32(data);
  if (data.length >= 0xffffffff || offset >= 0xffffffff) throw new Error('zip64 is not supported');

  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed
  local.writeUInt16LE(0x0800, 6); // UTF-8 names
  local.writeUInt16LE(stored ? 0 : 8, 8);
  local.writeUInt16LE(DOS_TIME, 10);
  local.writeUInt16LE(DOS_DATE, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  local.writeUInt16LE(0, 28);

  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE((3 << 8) | 20, 4); // made by: unix, 2.0
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0x0800, 8);
  central.writeUInt16LE(stored ? 0 : 8, 10);
  central.writeUInt16LE(DOS_TIME, 12);
  central.writeUInt16LE(DOS_DATE, 14);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(body.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(((0o100644 << 16) >>> 0), 38); // -rw-r--r--
  central.writeUInt32LE(offset, 42);

  locals.push(local, name, body);
  centrals.push(central, name);
  offset += local.length + name.length + body.length;
}

const centralSize = centrals.reduce((n, b) => n + b.length, 0);
const end = Buffer.alloc(22);
end.writeUInt32LE(0x06054b50, 0);
end.writeUInt16LE(centrals.length / 2, 8);
end.writeUInt16LE(centrals.length / 2, 10);
end.writeUInt32LE(centralSize, 12);
end.writeUInt32LE(offset, 16);

fs.writeFileSync(out, Buffer.concat([...locals, ...centrals, end]));
console.log(`wrote ${out} (${centrals.length / 2} files)`);
