// A real HTTP server on 127.0.0.1 for the feed, as a company's static host would serve it:
// ETag + 304, CORS for the extension (including the preflight that conditional requests need),
// and switchable faults. Every request is logged for assertions.
import http from 'node:http';
import crypto from 'node:crypto';

/**
 * Starts a feed server. `files` maps a path ("/feed.json") to its body (string or Buffer).
 * Returns { url(path), setFile(path, body), setMode(mode, opts), requests, close() }.
 *
 * Modes: 'ok' (default), 'status' (opts.status, opts.headers), 'garbage' (opts.body),
 * 'hang' (never answers), 'slow' (the body in 20 pieces over opts.ms), 'redirect' (opts.location), 'truncate' (sends half of the body and
 * closes), 'slowBody' (headers, then nothing), 'huge' (streams opts.bytes bytes of JSON array).
 */
export async function startFeedServer(files = {}) {
  const bodies = new Map(Object.entries(files).map(([p, b]) => [p, Buffer.from(b)]));
  let mode = 'ok';
  let modeOpts = {};
  const requests = [];
  const sockets = new Set();

  const etagOf = (buf) => `"${crypto.createHash('sha256').update(buf).digest('hex').slice(0, 16)}"`;

  const cors = (req) => ({
    'Access-Control-Allow-Origin': req.headers.origin ?? '*',
    'Access-Control-Allow-Headers': 'If-None-Match, If-Modified-Since',
    'Access-Control-Expose-Headers': 'ETag, Retry-After',
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  });

  const server = http.createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const entry = {
      method: req.method,
      path,
      headers: { ...req.headers },
      status: 0,
      at: Date.now(),
    };
    requests.push(entry);
    const send = (status, headers = {}, body = '') => {
      entry.status = status;
      res.writeHead(status, { ...cors(req), ...headers });
      res.end(body);
    };
    if (req.method === 'OPTIONS') return send(204);
    if (mode === 'hang') return; // keep the socket open, answer nothing
    if (mode === 'status') return send(modeOpts.status, modeOpts.headers ?? {}, modeOpts.body ?? '');
    if (mode === 'garbage') {
      return send(200, { 'Content-Type': modeOpts.contentType ?? 'application/json' }, modeOpts.body);
    }
    if (mode === 'redirect') return send(302, { Location: modeOpts.location });
    if (mode === 'huge') {
      // No Content-Length: the client has to count for itself and stop at its limit.
      entry.status = 200;
      res.writeHead(200, { ...cors(req), 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < modeOpts.bytes) {
          sent += chunk.length;
          if (!res.write(chunk)) return res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => { entry.bodyBytesSent = sent; });
      return pump();
    }
    const body = bodies.get(path);
    if (!body) return send(404, { 'Content-Type': 'text/plain' }, 'not found');
    const etag = etagOf(body);
    if (req.headers['if-none-match'] === etag) return send(304, { ETag: etag });
    const headers = { 'Content-Type': 'application/json; charset=utf-8', ETag: etag, 'Cache-Control': 'no-cache' };
    if (mode === 'truncate') {
      entry.status = 200;
      res.writeHead(200, { ...cors(req), ...headers, 'Content-Length': String(body.length) });
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      return setTimeout(() => res.destroy(), 50);
    }
    if (mode === 'slow') {
      // The whole body, in 20 pieces over opts.ms milliseconds.
      entry.status = 200;
      res.writeHead(200, { ...cors(req), ...headers, 'Content-Length': String(body.length) });
      const pieces = 20;
      const size = Math.ceil(body.length / pieces);
      let i = 0;
      const timer = setInterval(() => {
        if (res.destroyed) return clearInterval(timer);
        res.write(body.subarray(i * size, (i + 1) * size));
        i += 1;
        if (i >= pieces) {
          clearInterval(timer);
          res.end();
        }
      }, (modeOpts.ms ?? 1000) / pieces);
      return undefined;
    }
    if (mode === 'slowBody') {
      entry.status = 200;
      res.writeHead(200, { ...cors(req), ...headers });
      return res.write(body.subarray(0, 10));
    }
    return send(200, headers, body);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  let closing = null;

  return {
    port,
    url: (path = '/feed.json') => `http://127.0.0.1:${port}${path}`,
    setFile(path, body) {
      bodies.set(path, Buffer.from(body));
    },
    setMode(next, opts = {}) {
      mode = next;
      modeOpts = opts;
    },
    requests,
    /** Requests for `path` other than CORS preflights. */
    gets(path = '/feed.json') {
      return requests.filter((r) => r.path === path && r.method === 'GET');
    },
    /** Stops the server; safe to call more than once. */
    close() {
      closing ??= new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
