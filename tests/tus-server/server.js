#!/usr/bin/env node
// A tus 1.0 receiving server for Ventanilla's tests and for small deployments: @tus/server 1.x
// (the line that runs on Debian 12's nodejs 18) storing uploads with @tus/file-store.
//
// Usage: node server.js --dir DIR [--host 127.0.0.1] [--port 0] [--path /files/]
//                       [--token-file FILE] [--max-size BYTES] [--lifeline]
//
// --port 0 picks a free port. Once listening, one JSON line goes to stdout:
//   {"port": 41234, "url": "http://127.0.0.1:41234/files/"}
// With --token-file (or VT_TUS_TOKEN in the environment), every request but OPTIONS must carry
// "Authorization: Bearer <token>"; anything else gets 401. Each finished upload is written as
// DIR/<id> with its tus metadata in DIR/<id>.json, which is what `ventanilla-office ingest` reads.
// With --lifeline the server exits when its standard input closes, so a test that dies never
// leaves it behind.
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const crypto = require('node:crypto');
const { Server } = require('@tus/server');
const { FileStore } = require('@tus/file-store');

function parseArgs(argv) {
  const opts = { host: '127.0.0.1', port: 0, path: '/files/', dir: null, token: null, maxSize: 0,
                 lifeline: false };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) {
        throw new Error(`${a} needs a value`);
      }
      return argv[++i];
    };
    switch (a) {
      case '--host': opts.host = next(); break;
      case '--port': opts.port = Number.parseInt(next(), 10); break;
      case '--path': opts.path = next(); break;
      case '--dir': opts.dir = next(); break;
      case '--token-file': opts.token = fs.readFileSync(next(), 'utf8').trim(); break;
      case '--max-size': opts.maxSize = Number.parseInt(next(), 10); break;
      case '--lifeline': opts.lifeline = true; break;
      case '--help':
        process.stdout.write('node server.js --dir DIR [--host H] [--port N] [--path P] ' +
                             '[--token-file F] [--max-size BYTES] [--lifeline]\n');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${a}`);
    }
  }
  if (!opts.dir) {
    throw new Error('--dir is required');
  }
  if (!opts.token && process.env.VT_TUS_TOKEN) {
    opts.token = process.env.VT_TUS_TOKEN.trim();
  }
  if (!opts.path.endsWith('/')) {
    opts.path += '/';
  }
  return opts;
}

function tokenMatches(header, token) {
  const m = /^Bearer\s+(.+)$/i.exec(header || '');
  if (!m) {
    return false;
  }
  const a = Buffer.from(m[1].trim());
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function main() {
  let opts;
  try {
    opts = parseArgs(process.argv);
  } catch (e) {
    process.stderr.write(`tus-server: ${e.message}\n`);
    process.exit(2);
  }
  fs.mkdirSync(opts.dir, { recursive: true });

  const datastore = new FileStore({ directory: opts.dir });
  const tus = new Server({
    path: opts.path.replace(/\/$/, ''),
    datastore,
    // Relative Location headers keep upload URLs valid behind proxies and port changes.
    relativeLocation: true,
    ...(opts.maxSize > 0 ? { maxSize: opts.maxSize } : {}),
    // @tus/file-store never updates the offset in <id>.json; record completion there so the
    // storage folder alone says which uploads are whole (ventanilla-office ingest reads it).
    onUploadFinish: async (req, res, upload) => {
      await datastore.configstore.set(upload.id, { ...upload, offset: upload.size });
      return res;
    },
  });

  const server = http.createServer((req, res) => {
    if (opts.token && req.method !== 'OPTIONS' &&
        !tokenMatches(req.headers.authorization, opts.token)) {
      res.writeHead(401, { 'Content-Type': 'text/plain', 'Tus-Resumable': '1.0.0' });
      res.end('Unauthorized\n');
      req.resume();
      return;
    }
    tus.handle(req, res);
  });
  // Keep-alive connections should not outlive a test for long.
  server.keepAliveTimeout = 5000;

  const stop = () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (opts.lifeline) {
    process.stdin.on('end', () => process.exit(0));
    process.stdin.on('error', () => process.exit(0));
    process.stdin.resume();
  }

  server.listen(opts.port, opts.host, () => {
    const { port } = server.address();
    process.stdout.write(JSON.stringify({
      port,
      url: `http://${opts.host}:${port}${opts.path}`,
    }) + '\n');
  });
}

main();
