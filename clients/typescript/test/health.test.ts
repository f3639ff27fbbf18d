// The probes a load balancer uses, through the generated client.
import assert from "node:assert/strict";
import { test } from "node:test";
import { api } from "./support.js";

test("the service is live and ready", async () => {
  for (const path of ["/health/live", "/health/ready"] as const) {
    const { data, response } = await api.GET(path);
    assert.equal(response.status, 200, path);
    assert.equal(data?.status, "Healthy");
  }
});
