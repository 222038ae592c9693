/**
 * Process-wide status of background work, for /api/ready. Kept on globalThis so the server
 * bundle and scripts/start.ts (which load separate module copies) see the same object.
 */
type WorkerStatus = { state: "not_started" | "running" | "stopping" | "stopped" | "failed"; detail?: string; since: string };
const g = globalThis as unknown as { __duoWorkerStatus?: WorkerStatus };

export function setWorkerStatus(state: WorkerStatus["state"], detail?: string) {
  g.__duoWorkerStatus = { state, detail, since: new Date().toISOString() };
}

export function getWorkerStatus(): WorkerStatus {
  return g.__duoWorkerStatus ?? { state: "not_started", since: new Date(0).toISOString() };
}

/**
 * Set once SIGTERM arrived (scripts/start.ts): /api/ready answers 503 from then on, so a load
 * balancer stops sending new traffic while the requests in flight finish.
 */
const d = globalThis as unknown as { __duoDraining?: boolean };

export function setDraining(draining: boolean) {
  d.__duoDraining = draining;
}

export function isDraining(): boolean {
  return d.__duoDraining === true;
}
