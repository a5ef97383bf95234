// A local SMTP sink for the outbox tests (npm smtp-server, installed into .tools/ by build.sh).
//   node smtp-sink.js --port 2525 --folder /tmp/sink [--user runbook --password secret]
// Listens on 127.0.0.1 only. Every message accepted is written to the folder as N.json:
//   { "mailFrom": "...", "rcptTo": ["..."], "raw": "<the message, base64>" }
// (written to a temporary name and renamed, so a reader never sees half a file).
// Faults are asked for by the recipient's local part, so tests running at once share nothing:
//   reject550.x@...  RCPT TO answered 550 (permanent)      defer451.x@...  RCPT TO answered 451 (transient)
//   slow3000.x@...   RCPT TO answered after 3000 ms        slowdata3000.x@ the reply to the data after 3000 ms (message kept)
// For bench/outbox.sh, --count-only --stats-port M writes no files: it counts Message-IDs in memory and answers on
// http://127.0.0.1:M  GET /stats {received, unique, duplicates, firstAt, lastAt (epoch ms)}, GET /ids (one
// "id count" line each) and POST /reset, so that one sink serves every run and is never slowed by the disk.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { SMTPServer } = require('smtp-server');

const args = {};
for (let i = 2; i < process.argv.length; i++) {
  const name = process.argv[i].replace(/^--/, '');
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith('--')) {
    args[name] = true; // a flag
  } else {
    args[name] = value;
    i++;
  }
}
const port = Number(args.port);
const folder = args.folder;
const countOnly = args['count-only'] === true;
if (!port || (!folder && !countOnly) || (countOnly && !Number(args['stats-port']))) {
  console.error('usage: node smtp-sink.js --port N (--folder DIR | --count-only --stats-port M) [--user U --password P]');
  process.exit(64);
}
if (folder) fs.mkdirSync(folder, { recursive: true });
let sequence = 0;
let counts = new Map();
let stats = { received: 0, duplicates: 0, firstAt: null, lastAt: null };

// The Message-ID of a message's header, or '' when it has none.
function messageId(header) {
  const match = /^Message-ID:[ \t]*(?:\r\n[ \t]+)?<?([^>\r\n]*)>?/im.exec(header);
  return match ? match[1].trim() : '';
}

function count(header) {
  const id = messageId(header);
  const seen = counts.get(id) || 0;
  counts.set(id, seen + 1);
  const now = Date.now();
  stats.received++;
  if (seen > 0) stats.duplicates++;
  if (stats.firstAt === null) stats.firstAt = now;
  stats.lastAt = now;
}

function fault(address) {
  const match = /^(reject|defer|slowdata|slow)(\d+)[.+]/i.exec(address.split('@')[0]);
  return match ? { kind: match[1].toLowerCase(), value: Number(match[2]) } : null;
}

function smtpError(code, text) {
  const error = new Error(text);
  error.responseCode = code;
  return error;
}

const server = new SMTPServer({
  logger: false,
  banner: 'runbook test sink',
  disabledCommands: ['STARTTLS'],
  authOptional: !args.user,
  allowInsecureAuth: true,
  size: 25 * 1024 * 1024,
  onAuth(auth, session, callback) {
    if (auth.username === args.user && auth.password === args.password) {
      return callback(null, { user: auth.username });
    }
    return callback(smtpError(535, 'Authentication credentials invalid'));
  },
  onRcptTo(address, session, callback) {
    const f = fault(address.address);
    if (f && f.kind === 'reject') return callback(smtpError(f.value, `${address.address}: mailbox unavailable`));
    if (f && f.kind === 'defer') return callback(smtpError(f.value, `${address.address}: try again later`));
    if (f && f.kind === 'slow') return setTimeout(callback, f.value);
    return callback();
  },
  onData(stream, session, callback) {
    if (countOnly) {
      // Only the header is kept; the body is read and dropped.
      let header = '';
      let complete = false;
      stream.on('data', (chunk) => {
        if (complete) return;
        header += chunk.toString('latin1');
        const end = header.indexOf('\r\n\r\n');
        if (end >= 0) {
          header = header.slice(0, end);
          complete = true;
        }
      });
      stream.on('end', () => {
        count(header);
        callback();
      });
      return;
    }
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      const rcptTo = session.envelope.rcptTo.map((a) => a.address);
      const record = {
        mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        rcptTo,
        raw: Buffer.concat(chunks).toString('base64'),
      };
      const name = `${process.pid}-${String(++sequence).padStart(8, '0')}`;
      const temporary = path.join(folder, name + '.tmp');
      fs.writeFileSync(temporary, JSON.stringify(record));
      fs.renameSync(temporary, path.join(folder, name + '.json'));
      const slow = rcptTo.map(fault).find((f) => f && f.kind === 'slowdata');
      if (slow) return setTimeout(callback, slow.value);
      return callback();
    });
  },
});
server.on('error', (error) => console.error('sink error:', error.message));
server.listen(port, '127.0.0.1', () => console.log(`smtp sink listening on 127.0.0.1:${port}`));
if (countOnly) {
  http.createServer((request, response) => {
    if (request.method === 'POST' && request.url === '/reset') {
      counts = new Map();
      stats = { received: 0, duplicates: 0, firstAt: null, lastAt: null };
      response.end('{}');
    } else if (request.url === '/stats') {
      response.setHeader('Content-Type', 'application/json');
      response.end(JSON.stringify({ ...stats, unique: counts.size }));
    } else if (request.url === '/ids') {
      response.setHeader('Content-Type', 'text/plain');
      response.end(Array.from(counts, ([id, n]) => `${id} ${n}\n`).join(''));
    } else {
      response.statusCode = 404;
      response.end();
    }
  }).listen(Number(args['stats-port']), '127.0.0.1');
}
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
