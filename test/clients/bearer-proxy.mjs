// A loopback reverse proxy that adds `Authorization: Bearer TOKEN` to every
// request, for clients that cannot send headers of their own (the
// conformance suite's server mode). Streams both ways, so SSE works.
//
//   node bearer-proxy.mjs UPSTREAM_PORT TOKEN   → prints the port it listens on

import http from "node:http";

const [upstreamPort, token] = process.argv.slice(2);
if (!upstreamPort || !token) {
  console.error("usage: node bearer-proxy.mjs UPSTREAM_PORT TOKEN");
  process.exit(2);
}

const agent = new http.Agent({ keepAlive: true });

const server = http.createServer((req, res) => {
  const headers = { ...req.headers, authorization: `Bearer ${token}` };
  const up = http.request(
    { host: "127.0.0.1", port: Number(upstreamPort), method: req.method, path: req.url, headers, agent },
    (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.statusMessage, upRes.headers);
      res.flushHeaders();
      upRes.pipe(res);
    },
  );
  up.on("error", (err) => {
    if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
    res.end(`bearer-proxy: ${err.message}`);
  });
  req.on("aborted", () => up.destroy());
  res.on("close", () => up.destroy());
  req.pipe(up);
});

server.listen(0, "127.0.0.1", () => {
  console.log(server.address().port);
});

for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.close(() => process.exit(0)));
