// Puts events into the emulator with the AWS SDK for JavaScript v3 and prints what came back, one JSON line per call.
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";

const client = new EventBridgeClient({
  endpoint: process.argv[2],
  region: "eu-west-1",
  credentials: { accessKeyId: "AKIDNODE", secretAccessKey: "node-secret" },
  maxAttempts: 1,
});

async function call(name, entries) {
  try {
    const out = await client.send(new PutEventsCommand({ Entries: entries }));
    console.log(JSON.stringify({ call: name, FailedEntryCount: out.FailedEntryCount, Entries: out.Entries }));
  } catch (error) {
    console.log(JSON.stringify({ call: name, error: error.name, message: error.message,
      status: error.$metadata?.httpStatusCode }));
  }
}

const entry = (n) => ({ Source: "node.wire", DetailType: "wire.Checked.v1", Detail: JSON.stringify({ from: "node", n }) });

await call("mixed", [
  {
    ...entry(1),
    Resources: ["arn:aws:example:::node/1"],
    Time: new Date("2026-11-22T01:02:03Z"),
    TraceHeader: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
    EventBusName: "default",
  },
  { ...entry(2), Detail: "{not json" },
]);
await call("eleven", Array.from({ length: 11 }, (_, i) => entry(100 + i)));
