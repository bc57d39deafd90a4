// End-to-end over streamable HTTP with the official TypeScript SDK 2.x
// client (@modelcontextprotocol/client), in the protocol era run.sh asks
// for: the stateless 2026-07-28 (server/discover, no session) or the
// 2025-era handshake (initialize, Mcp-Session-Id). run.sh runs it once per
// era against the same server. The client declares elicitation: its user
// (the handler below) answers the server's confirmation questions.
//
//   MCP_INFOMANIAK_URL=http://127.0.0.1:PORT/mcp MCP_INFOMANIAK_TOKEN=... \
//   MCP_ERA=2026-07-28|legacy node --test http.test.ts

import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";

const url = process.env.MCP_INFOMANIAK_URL;
const token = process.env.MCP_INFOMANIAK_TOKEN;
const era = process.env.MCP_ERA ?? "2026-07-28";
if (!url || !token) throw new Error("set MCP_INFOMANIAK_URL and MCP_INFOMANIAK_TOKEN");
const modern = era !== "legacy";

let client: Client;
let transport: StreamableHTTPClientTransport;

// The user: answers each confirmation question with the next action.
let answer: "accept" | "decline" | "cancel" = "decline";
const asked: string[] = [];

before(async () => {
  transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  client = new Client(
    { name: "mcp-infomaniak-http-e2e", version: "1.0.0" },
    { versionNegotiation: { mode: modern ? { pin: era } : "legacy" }, capabilities: { elicitation: {} } },
  );
  client.setRequestHandler("elicitation/create", async (request) => {
    asked.push(String(request.params.message));
    return answer === "accept" ? { action: "accept", content: {} } : { action: answer };
  });
  await client.connect(transport);
});

after(async () => {
  await client?.close();
});

test(`${era}: the negotiated protocol version`, () => {
  assert.equal(client.getNegotiatedProtocolVersion(), modern ? era : "2025-11-25");
  // 2026-07-28 has no session; the 2025 era keeps one.
  assert.equal(transport.sessionId === undefined, modern, `session id ${transport.sessionId}`);
  assert.equal(client.getServerVersion()?.name, "mcp-infomaniak");
  assert.ok(client.getServerCapabilities()?.tools, "tools capability");
});

test(`${era}: server/discover lists the versions served, newest first`, { skip: !modern }, async () => {
  const d = await client.discover();
  for (const v of ["2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26"]) {
    assert.ok(d.supportedVersions.includes(v), `${v} in ${d.supportedVersions}`);
  }
  assert.equal(d.supportedVersions[0], "2026-07-28");
  assert.match(d.instructions ?? "", /Infomaniak/);
});

test(`${era}: tools/list and a structured call`, async () => {
  const { tools } = await client.listTools();
  assert.ok(tools.some((t) => t.name === "list_flavors"));
  const res = await client.callTool({ name: "list_flavors", arguments: {} });
  assert.notEqual(res.isError, true, JSON.stringify(res.content));
  const sc = res.structuredContent as { flavors: Array<{ id: string }> };
  assert.ok(sc.flavors.length > 0);
});

test(`${era}: a create reports progress, then the ACTIVE server`, async () => {
  const seen: Array<{ progress: number }> = [];
  const res = await client.callTool(
    {
      name: "create_instance",
      arguments: { name: `http-${modern ? "modern" : "legacy"}`, flavor: "a1-ram2-disk20-perf1", image: "Fedora CoreOS 40", network: "private" },
    },
    { onprogress: (p) => seen.push(p), timeout: 60_000 },
  );
  assert.notEqual(res.isError, true, JSON.stringify(res.content));
  assert.equal((res.structuredContent as { status: string }).status, "ACTIVE");
  assert.ok(seen.length > 0, "no progress notification");
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i].progress > seen[i - 1].progress, "progress must increase");
});

test(`${era}: a bad argument is an isError result with error.code`, async () => {
  const res = await client.callTool({ name: "list_flavors", arguments: { limit: 0 } });
  assert.equal(res.isError, true);
  assert.equal((res.structuredContent as { error: { code: string } }).error.code, "invalid_argument");
});

test(`${era}: a delete is confirmed by the user: decline and cancel change nothing, accept deletes`, async () => {
  const name = `confirm-${modern ? "modern" : "legacy"}`;
  const created = await client.callTool({ name: "create_volume", arguments: { name, size: 1 } }, { timeout: 60_000 });
  assert.notEqual(created.isError, true, JSON.stringify(created.content));
  const id = (created.structuredContent as { id: string }).id;
  for (const action of ["decline", "cancel"] as const) {
    answer = action;
    asked.length = 0;
    const res = await client.callTool({ name: "delete_volume", arguments: { volume_id: name } }, { timeout: 60_000 });
    assert.equal(res.isError, true, `${action}: ${JSON.stringify(res.content)}`);
    assert.equal((res.structuredContent as { error: { code: string } }).error.code, "cancelled", action);
    assert.equal(asked.length, 1, `${action}: asked ${asked}`);
    assert.match(asked[0], new RegExp(name), "the question names the volume");
    const still = await client.callTool({ name: "get_volume", arguments: { volume_id: id } });
    assert.notEqual(still.isError, true, `${action}: the volume is gone`);
  }
  answer = "accept";
  asked.length = 0;
  const res = await client.callTool({ name: "delete_volume", arguments: { volume_id: name } }, { timeout: 60_000 });
  assert.notEqual(res.isError, true, JSON.stringify(res.content));
  assert.equal(asked.length, 1);
  const gone = await client.callTool({ name: "get_volume", arguments: { volume_id: id } });
  assert.equal((gone.structuredContent as { error?: { code: string } }).error?.code, "not_found");
});
