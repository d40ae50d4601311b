#!/usr/bin/env node
// A fault-injecting HTTP proxy for the outbox tests: sits on 127.0.0.1 between the kiosk's tus
// client and the tus server and breaks things on command. Node's standard library only.
//
// Usage: node fault-proxy.js --upstream PORT
// Prints {"port": N} on stdout once listening, then reads one command per line on stdin and
// answers each with one JSON line on stdout:
//   upstream PORT                 send requests to another server port (after a restart)
//   limit BYTES                   refuse request bodies larger than BYTES with 413, as a default
//                                 reverse proxy does (0: no limit)
//   checksum on|off               offer the tus checksum extension (sha1, sha256) and check
//                                 Upload-Checksum on PATCH, answering 460 on a mismatch
//   fault KIND METHOD COUNT       break the next COUNT requests of METHOD (or *), KIND one of:
//     reset      forward half the body, then reset both connections
//     500        answer 500 without forwarding (any status code: 502, 404, 410…)
//     offset     forward, then report a wrong Upload-Offset
//     hang       forward, then never answer (until the client gives up)
//     truncate   forward, then send half a status line and close
//     corrupt    flip one body byte before forwarding (caught by the checksum)
//   delay MS                      wait MS before forwarding each PATCH, like a slow link
//   clear                         drop pending faults
//   stats                         {"patch_bytes": …, "requests": {METHOD: n}, "status": {code: n},
//                                  "faults_fired": n, "connections": n (opened by the client)}
//   reset-stats
'use strict';

const http = require('node:http');
const crypto = require('node:crypto');
const readline = require('node:readline');

let upstreamPort = 0;
let limit = 0;
let checksum = false;
let delay = 0;
let faults = [];
let stats;
const hung = new Set();

function resetStats() {
  stats = { patch_bytes: 0, requests: {}, status: {}, faults_fired: 0, connections: 0 };
}
resetStats();

for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === '--upstream') {
    upstreamPort = Number.parseInt(process.argv[++i], 10);
  }
}

function takeFault(method) {
  for (const f of faults) {
    if (f.count > 0 && (f.method === '*' || f.method === method)) {
      f.count--;
      stats.faults_fired++;
      return f.kind;
    }
  }
  return null;
}

function reply(res, status, headers, body) {
  stats.status[status] = (stats.status[status] || 0) + 1;
  const h = { ...headers };
  delete h['transfer-encoding'];
  delete h.connection;
  delete h['keep-alive'];
  if (body !== null) {
    h['content-length'] = body.length;
  }
  res.writeHead(status, h);
  res.end(body === null ? undefined : body);
}

function checkChecksum(header, body) {
  const m = /^(sha1|sha256)\s+(\S+)$/.exec(header || '');
  if (!m) {
    return false;
  }
  const digest = crypto.createHash(m[1]).update(body).digest('base64');
  return digest === m[2];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function forward(req, body, partial, onResponse, onError) {
  const headers = { ...req.headers };
  headers['content-length'] = body.length;
  delete headers.connection;
  const up = http.request({
    host: '127.0.0.1',
    port: upstreamPort,
    method: req.method,
    path: req.url,
    headers,
    agent,
  }, (upRes) => {
    const chunks = [];
    upRes.on('data', (c) => chunks.push(c));
    upRes.on('end', () => onResponse(upRes, Buffer.concat(chunks)));
    upRes.on('error', onError);
  });
  up.on('error', onError);
  if (partial) {
    up.write(body.subarray(0, Math.floor(body.length / 2)));
    return up;
  }
  up.end(body);
  return up;
}

const server = http.createServer((req, res) => {
  const chunks = [];
  // Bytes count as they arrive: a request cut short still cost its partial body.
  req.on('data', (c) => {
    chunks.push(c);
    if (req.method === 'PATCH') {
      stats.patch_bytes += c.length;
    }
  });
  req.on('error', () => {});
  req.on('end', () => {
    if (delay > 0 && req.method === 'PATCH') {
      setTimeout(() => handle(req, res, chunks), delay);
    } else {
      handle(req, res, chunks);
    }
  });
});
server.keepAliveTimeout = 5000;
server.on('connection', () => {
  stats.connections++;
});

function handle(req, res, chunks) {
  {
    let body = Buffer.concat(chunks);
    const method = req.method;
    stats.requests[method] = (stats.requests[method] || 0) + 1;

    if (limit > 0 && body.length > limit) {
      reply(res, 413, { 'content-type': 'text/html' },
            Buffer.from('<html><body><h1>413 Request Entity Too Large</h1></body></html>\n'));
      return;
    }

    const fault = takeFault(method);
    if (/^[1-5][0-9][0-9]$/.test(fault || '')) {
      reply(res, Number(fault), { 'content-type': 'text/plain' }, Buffer.from('injected\n'));
      return;
    }
    if (fault === 'corrupt' && body.length > 0) {
      body = Buffer.from(body);
      body[body.length >> 1] ^= 0xff;
    }
    if (checksum && method === 'PATCH' && req.headers['upload-checksum'] !== undefined &&
        !checkChecksum(req.headers['upload-checksum'], body)) {
      reply(res, 460, { 'tus-resumable': '1.0.0' }, Buffer.from('Checksum Mismatch\n'));
      return;
    }

    const onError = () => {
      if (!res.headersSent) {
        reply(res, 502, { 'content-type': 'text/plain' }, Buffer.from('Bad Gateway\n'));
      }
    };

    if (fault === 'reset') {
      const up = forward(req, body, true, () => {}, () => {});
      setTimeout(() => {
        up.destroy();
        req.socket.destroy();
      }, 100);
      return;
    }

    forward(req, body, false, (upRes, upBody) => {
      const headers = { ...upRes.headers };
      if (method === 'OPTIONS' && checksum) {
        headers['tus-extension'] = `${headers['tus-extension'] || 'creation'},checksum`;
        headers['tus-checksum-algorithm'] = 'sha1,sha256';
      }
      if (fault === 'offset' && headers['upload-offset'] !== undefined) {
        const real = Number.parseInt(headers['upload-offset'], 10);
        headers['upload-offset'] = String(real > 1000 ? real - 1000 : real + 777);
      }
      if (fault === 'hang') {
        hung.add(req.socket);
        req.socket.on('close', () => hung.delete(req.socket));
        return;
      }
      if (fault === 'truncate') {
        req.socket.end('HTTP/1.1 20');
        return;
      }
      const noBody = method === 'HEAD' || upRes.statusCode === 204 || upRes.statusCode === 304;
      reply(res, upRes.statusCode, headers, noBody ? null : upBody);
    }, onError);
  }
}

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const words = line.trim().split(/\s+/);
  const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
  switch (words[0]) {
    case 'upstream': upstreamPort = Number.parseInt(words[1], 10); out({ ok: true }); break;
    case 'limit': limit = Number.parseInt(words[1], 10); out({ ok: true }); break;
    case 'delay': delay = Number.parseInt(words[1], 10); out({ ok: true }); break;
    case 'checksum': checksum = words[1] === 'on'; out({ ok: true }); break;
    case 'fault':
      faults.push({ kind: words[1], method: words[2], count: Number.parseInt(words[3], 10) });
      out({ ok: true });
      break;
    case 'clear': faults = []; out({ ok: true }); break;
    case 'stats': out(stats); break;
    case 'reset-stats': resetStats(); out({ ok: true }); break;
    case '': break;
    default: out({ ok: false, error: `unknown command ${words[0]}` }); break;
  }
});
// The test going away ends the proxy too.
rl.on('close', () => {
  for (const s of hung) {
    s.destroy();
  }
  server.close();
  process.exit(0);
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
