import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, hostname } from "node:os";
import path from "node:path";

const DAEMONS = ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged"];
const has = () => [...DAEMONS, "/usr/bin/sbatch", "/usr/bin/sinfo"].every(existsSync);

/**
 * Debian's slurm-wlm and munge, installed when missing (as root, like .ci/run does for Chromium).
 * Returns why they are not there, or null when they are.
 */
export function ensureSlurm(): string | null {
  if (has()) return null;
  if (process.getuid?.() !== 0) return "slurm-wlm and munge are not installed, and installing them needs root";
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["update"], { env, encoding: "utf8" });
  const install = spawnSync("apt-get", ["install", "-y", "slurm-wlm", "munge"], { env, encoding: "utf8" });
  if (install.status !== 0)
    return `apt-get install slurm-wlm munge failed: ${(install.stderr || update.stderr).slice(-300)}`;
  return has() ? null : "slurm-wlm and munge installed, but their daemons are missing";
}

export interface Cluster {
  env: NodeJS.ProcessEnv;
  stop(): void;
}

const run = (cmd: string, args: string[], env?: NodeJS.ProcessEnv) =>
  execFileSync(cmd, args, { env, encoding: "utf8" });
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const pidIn = (file: string) => (existsSync(file) ? Number(readFileSync(file, "utf8").trim()) : 0);
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * A one-node Slurm cluster on this machine, as root: munged as user munge (its key created if
 * missing, its pid file in munge's own run directory), then slurmctld and slurmd from a slurm.conf
 * in `dir` (SlurmUser=root, proctrack/linuxproc, task/none, select/cons_tres, one node with every
 * core, state and spool in `dir`, ports of its own). `stop` ends every daemon this started.
 */
export function startCluster({ dir }: { dir: string }): Cluster {
  mkdirSync(path.join(dir, "state"), { recursive: true });
  mkdirSync(path.join(dir, "spool"), { recursive: true });
  const started: number[] = [];
  // munge: a key, a run directory munge can write, and the daemon unless one already answers.
  if (!existsSync("/etc/munge/munge.key")) run("mungekey", ["--create"]);
  run("chown", ["munge:munge", "/etc/munge/munge.key"]);
  run("chmod", ["400", "/etc/munge/munge.key"]);
  for (const d of ["/run/munge", "/var/lib/munge", "/var/log/munge"]) {
    mkdirSync(d, { recursive: true });
    run("chown", ["munge:munge", d]);
  }
  const mungeWorks = () => spawnSync("bash", ["-c", "munge -n | unmunge"]).status === 0;
  if (!mungeWorks()) {
    run("runuser", ["-u", "munge", "--", "/usr/sbin/munged"]);
    for (let i = 0; i < 50 && !mungeWorks(); i++) sleep(100);
    started.push(pidIn("/run/munge/munged.pid"));
  }
  if (!mungeWorks()) throw new Error("munged did not start");
  const node = hostname().split(".")[0];
  const port = 7000 + (process.pid % 1000) * 2;
  const conf = path.join(dir, "slurm.conf");
  writeFileSync(
    conf,
    [
      "ClusterName=tdlabtest",
      `SlurmctldHost=${node}`,
      "SlurmUser=root",
      `SlurmctldPort=${port}`,
      `SlurmdPort=${port + 1}`,
      "AuthType=auth/munge",
      "ProctrackType=proctrack/linuxproc",
      "TaskPlugin=task/none",
      "SelectType=select/cons_tres",
      "SelectTypeParameters=CR_Core",
      "ReturnToService=2",
      "MpiDefault=none",
      "JobAcctGatherType=jobacct_gather/none",
      `StateSaveLocation=${dir}/state`,
      `SlurmdSpoolDir=${dir}/spool`,
      `SlurmctldPidFile=${dir}/slurmctld.pid`,
      `SlurmdPidFile=${dir}/slurmd.pid`,
      `SlurmctldLogFile=${dir}/slurmctld.log`,
      `SlurmdLogFile=${dir}/slurmd.log`,
      `NodeName=${node} CPUs=${cpus().length} State=UNKNOWN`,
      `PartitionName=tdlab Nodes=${node} Default=YES MaxTime=INFINITE State=UP`,
      "",
    ].join("\n"),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const stop = () => {
    for (const f of ["slurmd.pid", "slurmctld.pid"]) {
      const pid = pidIn(path.join(dir, f));
      if (pid && alive(pid)) process.kill(pid, "SIGTERM");
    }
    for (const pid of started) if (pid && alive(pid)) process.kill(pid, "SIGTERM");
    for (let i = 0; i < 50 && ["slurmd.pid", "slurmctld.pid"].some((f) => alive(pidIn(path.join(dir, f)))); i++)
      sleep(100);
  };
  try {
    run("/usr/sbin/slurmctld", ["-f", conf], env);
    run("/usr/sbin/slurmd", ["-f", conf, "-N", node], env);
    for (let i = 0; i < 300; i++) {
      const state = spawnSync("sinfo", ["-h", "-o", "%T"], { env, encoding: "utf8" }).stdout.trim();
      if (state === "idle") return { env, stop };
      sleep(200);
    }
    throw new Error(
      `the node did not become idle:\n${readFileSync(path.join(dir, "slurmctld.log"), "utf8").slice(-1500)}`,
    );
  } catch (error) {
    stop();
    throw error;
  }
}
