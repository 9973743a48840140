// vitest globalSetup for the e2e project: starts ONE moto_server for the whole run and provides its URL.
//
//   import { inject } from "vitest";
//   const motoUrl = inject("motoUrl");
//
// All e2e files share this moto (the e2e project runs files one at a time, fileParallelism: false). Isolation
// rules for test authors:
//   - Prefer a region of your own per test file (or per test): moto keeps state per region and the CLI/SDK signs
//     with AWS_REGION, so "eu-west-3" in one file never sees "ap-south-1" in another. IAM is global in moto,
//     so do not rely on IAM being empty.
//   - If you must start from nothing, `POST ${motoUrl}/moto-api/reset` (or Moto.reset()) wipes every region;
//     only do it in beforeAll/afterAll of a file, never while another file could be running.
//   - Put your own proxy in front of moto (startProxy({ upstream: motoUrl })) in each file: proxies are cheap,
//     in-process, and keep their emulation state (statuses, activities, alarms) and call counts separate.

import type { TestProject } from "vitest/node";
import { startMoto } from "./moto.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the moto_server shared by the e2e test files, e.g. http://127.0.0.1:41234 */
    motoUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const moto = await startMoto();
  project.provide("motoUrl", moto.url);
  return async () => {
    await moto.stop();
  };
}
