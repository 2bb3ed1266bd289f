import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { freePort, isPortFree } from "../../tools/lib/net.mjs";

describe("tools/lib/net", () => {
  it("freePort never hands out the same port twice in one process", async () => {
    // 300 draws from the kernel's ephemeral range (~28k ports) collide with probability > 0.7 without the bookkeeping.
    const ports: number[] = [];
    for (let i = 0; i < 300; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
  });

  it("isPortFree tells a listened port from a free one", async () => {
    const srv = createServer();
    const port = await new Promise<number>((resolve) =>
      srv.listen(0, "127.0.0.1", () => resolve((srv.address() as { port: number }).port)),
    );
    expect(await isPortFree(port)).toBe(false);
    await new Promise((resolve) => srv.close(resolve));
    expect(await isPortFree(port)).toBe(true);
  });
});
